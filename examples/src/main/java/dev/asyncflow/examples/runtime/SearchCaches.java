package dev.asyncflow.examples.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.asyncflow.trials.SearchCache;
import dev.asyncflow.trials.SearchResult;
import java.time.Duration;

/** The search cache the example programs share for the life of their process. */
public final class SearchCaches {
  /** How long a search result is reused; ClinicalTrials.gov updates its records daily. */
  public static final Duration TIME_TO_LIVE = Duration.ofMinutes(15);

  /** How many search results are kept at most. */
  public static final long MAXIMUM_SIZE = 1_000;

  private SearchCaches() {}

  /**
   * Returns a new, empty cache backed by Caffeine: entries live {@link #TIME_TO_LIVE}, at most
   * {@link #MAXIMUM_SIZE} are kept. Thread-safe, as {@link SearchCache} requires.
   *
   * @return the cache
   */
  public static SearchCache caffeine() {
    Cache<SearchCache.Key, SearchResult> store =
        Caffeine.newBuilder().expireAfterWrite(TIME_TO_LIVE).maximumSize(MAXIMUM_SIZE).build();
    return SearchCache.of(store::getIfPresent, store::put);
  }
}
