package com.example.trials;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialsFlow;
import dev.asyncflow.trials.TrialsState;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Finds the clinical trials for a mutation and summarizes them locally.
 *
 * <p>Usage: {@code App [--offline] [MUTATION]}, the mutation "BRAF V600E" by default. With {@code
 * --offline} it searches asyncflow's demo data, served on loopback, instead of ClinicalTrials.gov.
 */
public final class App {
  private App() {}

  public static void main(String[] args) {
    // On 2 CPUs or fewer the common pool has 1 thread and JDK 17's CompletableFuture then starts a
    // thread per async task: give it 2, before anything uses the pool, unless the command line did.
    String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(parallelism) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(parallelism, "2");
    }

    List<String> rest = new ArrayList<>(List.of(args));
    boolean offline = rest.remove("--offline");
    String mutation = rest.isEmpty() ? "BRAF V600E" : String.join(" ", rest);

    try (HttpClientManager http = HttpClientManager.create();
        DemoTrialsServer demo = offline ? DemoTrialsServer.start() : null) {
      ClinicalTrialsClient client;
      if (demo != null) {
        System.out.println("DEMO DATA: synthetic studies served on " + demo.baseUri());
        client = ClinicalTrialsClient.builder(http).baseUri(demo.baseUri()).build();
      } else {
        client = ClinicalTrialsClient.create(http);
      }
      TrialsState found = TrialsFlow.create(client, TrialSummarizer.local()).run(mutation).join();
      for (Study study : found.studies()) {
        System.out.println(study.nctId() + "  " + study.title());
      }
      System.out.println(found.summary().text());
    } catch (CompletionException e) {
      System.err.println("Search failed: " + e.getCause());
      System.exit(1);
    }
  }
}
