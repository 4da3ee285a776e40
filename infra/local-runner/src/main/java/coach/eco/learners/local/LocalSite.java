package coach.eco.learners.local;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The local stand-in for the website: the pages that email links open, and the sign-in and deletion
 * forms, served on an origin of their own. They call the API at its origin, cross-origin, as the real
 * site does, so the API's CORS configuration is part of every local try. The pages
 * (src/main/resources/website) are Mustache templates given {@code apiOrigin}.
 */
public final class LocalSite implements AutoCloseable {
    /** A page an email link opens: it posts the link's token to one route. */
    record TokenLinkPage(String title, String route, String done) {
    }

    private static final Map<String, TokenLinkPage> TOKEN_LINK_PAGES = Map.ofEntries(Map.entry(
            "/verify-email", new TokenLinkPage("Xác nhận email / Confirm email",
                    "/v1/profiles/verification", "Email đã được xác nhận. / Your email is confirmed.")), Map.entry(
            "/confirm-email", new TokenLinkPage("Xác nhận email mới / Confirm new email",
                    "/v1/email-changes/confirmation", "Email mới đã được xác nhận. / Your new email is confirmed.")),
            Map.entry("/undo-email-change", new TokenLinkPage("Hoàn tác việc đổi email / Undo the email change",
                    "/v1/email-changes/undo", "Email cũ đã trở lại; hãy đăng nhập lại. / Your email is back; sign in again.")),
            Map.entry("/confirm-deletion", new TokenLinkPage("Xác nhận yêu cầu / Confirm your request",
                    "/v1/deletion-requests/confirmation", "Yêu cầu đã có hiệu lực. / Your request is in force.")),
            Map.entry("/cancel-deletion", new TokenLinkPage("Huỷ yêu cầu xoá / Cancel the deletion",
                    "/v1/deletion-requests/cancellation", "Yêu cầu xoá đã được huỷ. / The deletion is cancelled.")),
            Map.entry("/accept-policy", new TokenLinkPage("Đồng ý chính sách / Agree to the policy",
                    "/v1/policy-answers/acceptance", "Đã ghi nhận: bạn đồng ý. / Recorded: you agree.")),
            Map.entry("/refuse-policy", new TokenLinkPage("Không đồng ý chính sách / Refuse the policy",
                    "/v1/policy-answers/refusal", "Đã ghi nhận: bạn không đồng ý. / Recorded: you do not agree.")),
            Map.entry("/confirm-request", new TokenLinkPage("Xác nhận yêu cầu về dữ liệu / Confirm your data request",
                    "/v1/privacy-requests/confirmation", "Đã xác nhận yêu cầu. / Your request is confirmed.")));
    private static final Template TOKEN_LINK_PAGE = compile("/website/token-link.html.mustache");

    private final HttpServer server;
    private final String apiOrigin;

    /** Serves the pages at {@code address}; they call the API at {@code apiOrigin}. */
    public LocalSite(InetSocketAddress address, URI apiOrigin) throws IOException {
        this.apiOrigin = apiOrigin.toString().replaceAll("/+$", "");
        server = HttpServer.create(address, 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::serve);
        server.start();
    }

    /** Where the pages are: the origin to list in LOCAL_WEBSITE_ORIGINS (WebsiteOrigins). */
    public URI origin() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * A page (or its script or style sheet) with the headers a real site sends with its pages: a CSP
     * that allows the site's own scripts and styles, connections to the API alone and no framing; no
     * referrer, no sniffing, no caching.
     */
    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String page = exchange.getRequestMethod().toUpperCase(Locale.ROOT).equals("GET") ? page(path) : null;
            var headers = exchange.getResponseHeaders();
            headers.set("content-security-policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "connect-src " + apiOrigin + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
            headers.set("referrer-policy", "no-referrer");
            headers.set("x-content-type-options", "nosniff");
            headers.set("cache-control", "no-store");
            headers.set("content-type", page == null ? "text/plain; charset=utf-8"
                    : path.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : path.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8");
            byte[] body = (page == null ? "Not Found" : page).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The page, script or style sheet at a path, if there is one. */
    private String page(String path) throws IOException {
        TokenLinkPage tokenLink = TOKEN_LINK_PAGES.get(path);
        if (tokenLink != null) {
            return TOKEN_LINK_PAGE.execute(Map.of("title", tokenLink.title(), "route", tokenLink.route(),
                    "done", tokenLink.done(), "apiOrigin", apiOrigin));
        }
        if (path.matches("/[a-z-]+\\.(js|css)")) {
            try (InputStream in = LocalSite.class.getResourceAsStream("/website" + path)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (!path.matches("/[a-z-]+") || LocalSite.class.getResource("/website" + path + ".html") == null) {
            return null;
        }
        return compile("/website" + path + ".html").execute(Map.of("apiOrigin", apiOrigin));
    }

    private static Template compile(String resource) {
        try (InputStream in = LocalSite.class.getResourceAsStream(resource)) {
            return Mustache.compiler().escapeHTML(true).compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
