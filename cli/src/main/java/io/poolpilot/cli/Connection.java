package io.poolpilot.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Where the daemon's control API is and the bearer token to present: from flags, else environment, else a file. */
public record Connection(URI url, String token) {

    public static final String URL_VARIABLE = "POOLPILOT_URL";
    public static final String TOKEN_VARIABLE = "POOLPILOT_TOKEN";
    public static final String URL_KEY = "url";
    public static final String TOKEN_KEY = "token";

    public Connection {
        if (url == null || url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new UsageProblem("the server URL must be http:// or https://, got " + url
                    + " (--url, " + URL_VARIABLE + " or '" + URL_KEY + "=' in the config file)");
        }
        if (token == null || token.isBlank()) {
            throw new UsageProblem("no API token: pass --token, set " + TOKEN_VARIABLE
                    + " or put '" + TOKEN_KEY + "=...' in the config file");
        }
    }

    /**
     * Each setting from the first place that has it: the flag, the environment, the config file. The file is
     * {@code configFile} when given (it must exist), else {@code defaultConfig} when it exists.
     */
    static Connection resolve(String urlFlag, String tokenFlag, Path configFile, Map<String, String> environment,
                              Path defaultConfig) {
        Properties file = read(configFile != null ? configFile : defaultConfig, configFile != null);
        String url = first(urlFlag, environment.get(URL_VARIABLE), file.getProperty(URL_KEY));
        String token = first(tokenFlag, environment.get(TOKEN_VARIABLE), file.getProperty(TOKEN_KEY));
        if (url == null) {
            throw new UsageProblem("no server URL: pass --url, set " + URL_VARIABLE + " or put '" + URL_KEY
                    + "=http://127.0.0.1:8750' in " + (configFile != null ? configFile : defaultConfig));
        }
        try {
            return new Connection(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), token);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem("the server URL '" + url + "' is not a URL: " + e.getMessage());
        }
    }

    private static Properties read(Path file, boolean required) {
        Properties properties = new Properties();
        if (file == null || (!required && !Files.isRegularFile(file))) {
            return properties;
        }
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UsageProblem("cannot read the config file " + file + ": " + e.getMessage());
        }
        return properties;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Connection[url=" + url + ", token=<hidden>]";
    }
}
