package dev.asyncflow.trials;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link ClinicalTrialsClient} keeps search results, so that the same query within a short
 * time costs no request. The library writes no cache of its own: an application implements this
 * with the store it already has, and the store decides how long an entry lives and how many it
 * keeps. With Caffeine:
 *
 * <pre>{@code
 * Cache<SearchCache.Key, SearchResult> store = Caffeine.newBuilder()
 *     .expireAfterWrite(Duration.ofMinutes(15))   // time-to-live
 *     .maximumSize(1_000)                          // size bound
 *     .build();
 * SearchCache cache = SearchCache.of(store::getIfPresent, store::put);
 * ClinicalTrialsClient client = ClinicalTrialsClient.builder(manager).cache(cache).build();
 * }</pre>
 *
 * <p>The client asks {@link #get} before a search and calls {@link #put} after a search that
 * succeeded; failures are never stored. Study lookups by NCT id are not cached. An exception thrown
 * by either method is logged and the search goes on as if the cache had missed.
 *
 * <p>Implementations must be thread-safe, quick and non-blocking: {@link #get} runs on the thread
 * that calls {@link ClinicalTrialsClient#search}, {@link #put} on the thread that completes the
 * HTTP call. A store that needs I/O (a remote cache) belongs in front of the client, not here. An
 * entry should expire within minutes to hours (ClinicalTrials.gov updates its records daily) and
 * the store should be bounded.
 */
public interface SearchCache {

  /** The cache that never holds anything: every search goes to the server. */
  SearchCache NONE = of(key -> null, (key, result) -> {});

  /**
   * Returns the stored result for {@code key}.
   *
   * @param key the normalized query and rank window
   * @return the result, or null when none is stored or it expired
   */
  @Nullable SearchResult get(Key key);

  /**
   * Stores the result of a successful search.
   *
   * @param key the normalized query and rank window
   * @param result the result
   */
  void put(Key key, SearchResult result);

  /**
   * Returns a cache made of two functions, such as a Caffeine cache's {@code getIfPresent} and
   * {@code put}.
   *
   * @param get returns the stored result or null
   * @param put stores a result
   * @return the cache
   */
  static SearchCache of(Lookup get, Store put) {
    Objects.requireNonNull(get, "get");
    Objects.requireNonNull(put, "put");
    return new SearchCache() {
      @Override
      public @Nullable SearchResult get(Key key) {
        return get.get(key);
      }

      @Override
      public void put(Key key, SearchResult result) {
        put.put(key, result);
      }
    };
  }

  /** Reads a stored result; see {@link SearchCache#get}. */
  @FunctionalInterface
  interface Lookup {
    /**
     * Returns the stored result.
     *
     * @param key the key
     * @return the result, or null
     */
    @Nullable SearchResult get(Key key);
  }

  /** Stores a result; see {@link SearchCache#put}. */
  @FunctionalInterface
  interface Store {
    /**
     * Stores the result.
     *
     * @param key the key
     * @param result the result
     */
    void put(Key key, SearchResult result);
  }

  /**
   * What a search result is stored under: the server's API address and the query's request
   * parameters in a canonical text form (text cleaned, statuses and parameters in a fixed order,
   * the exclusion-only choice included), and its rank window. Two queries that send the same
   * requests to the same server and keep the same studies have equal keys, so clients of two
   * servers may share one store. Immutable and thread-safe.
   *
   * @param query the server and the canonical form of the query, without the rank window
   * @param minRank the first rank
   * @param maxRank the last rank
   */
  record Key(String query, int minRank, int maxRank) {
    /**
     * Checks the components.
     *
     * @param query see the record's query component
     * @param minRank see the record's minRank component
     * @param maxRank see the record's maxRank component
     * @throws NullPointerException if {@code query} is null
     */
    public Key {
      Objects.requireNonNull(query, "query");
    }
  }
}
