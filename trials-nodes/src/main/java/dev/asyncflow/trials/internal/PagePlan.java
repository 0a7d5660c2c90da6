package dev.asyncflow.trials.internal;

/**
 * How many pages of which size serve a rank window. The API pages by cursor only, so every page
 * from the first to the one holding {@code maxRank} must be fetched: the fewest requests come from
 * the largest page, and among page sizes needing that many requests the smallest wastes least.
 *
 * @param pages how many pages at most
 * @param pageSize the size asked for each
 */
public record PagePlan(int pages, int pageSize) {

  /**
   * Plans the pages for ranks up to {@code maxRank}.
   *
   * @param maxRank the last rank wanted, at least 1
   * @param maxPageSize the largest page size allowed, at least 1
   * @return the plan
   */
  public static PagePlan forRanks(int maxRank, int maxPageSize) {
    int pages = ceilDiv(maxRank, maxPageSize);
    return new PagePlan(pages, ceilDiv(maxRank, pages));
  }

  private static int ceilDiv(int dividend, int divisor) {
    return -Math.floorDiv(-dividend, divisor);
  }
}
