package dev.asyncflow.trials.demo;

/**
 * A point on Earth in degrees, as the API's {@code geoPoint: {lat, lon}}.
 *
 * @param lat latitude, -90 to 90
 * @param lon longitude, -180 to 180
 */
record GeoPoint(double lat, double lon) {
  private static final double EARTH_RADIUS_KM = 6371.0088;

  /**
   * Returns the great-circle distance to {@code other} by the haversine formula, on a sphere of the
   * Earth's mean radius.
   *
   * @param other the other point
   * @return the distance in kilometres
   */
  double kilometresTo(GeoPoint other) {
    double dLat = Math.toRadians(other.lat - lat);
    double dLon = Math.toRadians(other.lon - lon);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat))
                * Math.cos(Math.toRadians(other.lat))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
