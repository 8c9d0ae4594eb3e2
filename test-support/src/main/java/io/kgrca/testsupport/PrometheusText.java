package io.kgrca.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a worker's (or any service's) Prometheus text endpoint, {@code http://127.0.0.1:<port>/metrics}, for tests
 * that check counters: the samples of one metric for one tenant, summed per value of a label.
 */
public final class PrometheusText {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PrometheusText() {
    }

    /**
     * The samples of {@code metric} whose labels include {@code tenant="<tenant>"}, summed per value of
     * {@code label} (samples without that label are left out).
     */
    public static Map<String, Double> byLabel(int port, String metric, String tenant, String label) {
        Map<String, Double> out = new HashMap<>();
        Matcher m = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape(port));
        Pattern value = Pattern.compile("(?:^|,)" + Pattern.quote(label) + "=\"([^\"]*)\"");
        while (m.find()) {
            if (m.group(1).contains("tenant=\"" + tenant + "\"")) {
                Matcher v = value.matcher(m.group(1));
                if (v.find()) {
                    out.merge(v.group(1), Double.parseDouble(m.group(2)), Double::sum);
                }
            }
        }
        return out;
    }

    /** The sum of the samples of {@code metric} for {@code tenant}; 0 when there are none. */
    public static double sum(int port, String metric, String tenant) {
        return byLabel(port, metric, tenant, "tenant").getOrDefault(tenant, 0.0);
    }

    private static String scrape(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading /metrics on port " + port, e);
        }
    }
}
