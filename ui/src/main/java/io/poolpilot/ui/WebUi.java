package io.poolpilot.ui;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The web UI on the API's router: its pages and ES modules under {@code /ui/}, uPlot from its webjar under
 * {@code /ui/vendor/uplot/}, all from the jar (nothing from a CDN). The pages speak the control API with
 * the session cookie that {@code POST /ui/session} hands out.
 */
public final class WebUi {
    public static final String PATH = "/ui/";
    private static final String ASSETS = "poolpilot-ui";
    /** Same origin only, no inline script, no framing: what a page of an admin console should allow. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private WebUi() {
    }

    public static void mount(Router router) {
        // Vert.x Web matches "/ui" for "/ui/" too: redirect only the exact paths, or "/ui/" would loop.
        router.getWithRegex("/(ui)?").handler(WebUi::toUi);
        router.route("/ui/*").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        });
        router.route("/ui/vendor/uplot/*").handler(StaticHandler.create(webjar("uplot")).setDefaultContentEncoding("UTF-8"));
        router.route("/ui/*").handler(StaticHandler.create(ASSETS).setIndexPage("index.html").setDefaultContentEncoding("UTF-8")
                .setCachingEnabled(false));
    }

    private static void toUi(RoutingContext ctx) {
        ctx.redirect(PATH);
    }

    /** The classpath folder of a webjar's files; its version comes from the webjar itself, so the pom names it once. */
    static String webjar(String name) {
        String properties = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = WebUi.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("webjar " + name + " is not on the classpath (" + properties + ")");
            }
            Properties p = new Properties();
            p.load(in);
            return "META-INF/resources/webjars/" + name + "/" + p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
