package dev.asyncflow.examples.docs;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialsFlow;
import dev.asyncflow.trials.TrialsState;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The code of docs/getting-started.md. Its custom node is the example's own {@link
 * dev.asyncflow.examples.customnode.RecruitingInCountry}, marked there.
 */
final class GettingStartedSamples {

  // docs:docs/getting-started.md#first-nodes begin
  /** The shared store of one run: the text going in, the results coming out. */
  class Doc {
    final String text;
    volatile int words;
    volatile String verdict = "";

    Doc(String text) {
      this.text = text;
    }
  }

  /** Counts the words; the action says whether the text is long. */
  class CountWords extends Node<Doc, String, Integer> {
    @Override
    protected String prep(Doc doc, RunContext ctx) {
      return doc.text;
    }

    @Override
    protected Integer exec(String text, RunContext ctx) {
      return text.split("\\s+").length;
    }

    @Override
    protected String post(Doc doc, String text, Integer words, RunContext ctx) {
      doc.words = words;
      return words > 5 ? "long" : "short"; // the action
    }
  }

  /** Writes a verdict. Async: its hooks return CompletionStages and never block. */
  class Say extends AsyncNode<Doc, Void, String> {
    private final String verdict;

    Say(String verdict) {
      this.verdict = verdict;
    }

    @Override
    protected CompletionStage<String> execAsync(Void unused, RunContext ctx) {
      return CompletableFuture.supplyAsync(() -> verdict); // any CompletionStage: an HTTP call ...
    }

    @Override
    protected CompletionStage<String> postAsync(Doc doc, Void unused, String said, RunContext ctx) {
      doc.verdict = said;
      return CompletableFuture.completedFuture(null); // default action; no successor: the end
    }
  }

  // docs:docs/getting-started.md#first-nodes end

  /** Builds and runs the first flow; returns its shared store. */
  Doc firstFlow() {
    // docs:docs/getting-started.md#first-flow begin
    var count = new CountWords();
    count.next(new Say("long"), "long");
    count.next(new Say("short"), "short");
    AsyncFlow<Doc> flow = new AsyncFlow<>(count);

    Doc doc = new Doc("asyncflow runs one node after another");
    flow.runAsync(doc).join();
    System.out.println(doc.words + " words: " + doc.verdict); // 6 words: long
    System.out.println(flow.toMermaid());
    // docs:docs/getting-started.md#first-flow end
    return doc;
  }

  /** Asks the public ClinicalTrials.gov; only compiled. */
  static void firstQueryOnline() {
    // docs:docs/getting-started.md#first-query-online begin
    try (HttpClientManager http = HttpClientManager.create()) {
      ClinicalTrialsClient client = ClinicalTrialsClient.create(http); // the public API
      TrialsFlow trials = TrialsFlow.create(client, TrialSummarizer.fromEnvironment(http));
      TrialsState found = trials.run("BRAF V600E").join();
      found.studies().forEach(s -> System.out.println(s.nctId() + "  " + s.title()));
      System.out.println(found.summary().text());
    }
    // docs:docs/getting-started.md#first-query-online end
  }

  /** The same against the demo server; runs in tests. */
  static void firstQueryOffline() {
    // docs:docs/getting-started.md#first-query-offline begin
    try (DemoTrialsServer demo = DemoTrialsServer.start();
        HttpClientManager http = HttpClientManager.create()) {
      ClinicalTrialsClient client =
          ClinicalTrialsClient.builder(http).baseUri(demo.baseUri()).build();
      TrialsFlow trials = TrialsFlow.create(client, TrialSummarizer.local());
      TrialsState found = trials.run("BRAF V600E").join();
      found.studies().forEach(s -> System.out.println(s.nctId() + "  " + s.title()));
      System.out.println(found.summary().text());
    }
    // docs:docs/getting-started.md#first-query-offline end
  }

  /** An application's entry point on a machine with one or two processors. */
  static final class App {
    // docs:docs/getting-started.md#common-pool begin
    public static void main(String[] args) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
      // ... then create the HttpClientManager and run flows
    }
    // docs:docs/getting-started.md#common-pool end
  }
}
