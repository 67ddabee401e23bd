package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPathPattern;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The well-behaved HTTP server of the tests: WireMock on 127.0.0.1, on a free port, with request headers
 * large enough for a URL at the line limit (8192 characters) and threads enough for many lists at once.
 * Faults a server library will not produce are {@link RawHttpServer}'s.
 */
final class ImageServer implements AutoCloseable {

    private final WireMockServer wiremock;

    private ImageServer(String bindAddress) {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress(bindAddress)
                .jettyHeaderRequestSize(65_536).containerThreads(40));
    }

    static ImageServer start() {
        return start("127.0.0.1");
    }

    /**
     * One server that many hosts reach: bound to every address, so that 127.0.0.2, 127.0.0.3... (see
     * {@link #url(int, String)}) each are a host of their own to the downloader, on the same port.
     */
    static ImageServer startForManyHosts() {
        return start("0.0.0.0");
    }

    private static ImageServer start(String bindAddress) {
        ImageServer server = new ImageServer(bindAddress);
        server.wiremock.start();
        return server;
    }

    String baseUrl() {
        return wiremock.baseUrl();
    }

    int port() {
        return wiremock.port();
    }

    String url(String path) {
        return wiremock.baseUrl() + path;
    }

    /** The URL of a path on the i-th loopback host, 127.0.0.i (a server started for many hosts). */
    String url(int host, String path) {
        return "http://127.0.0." + host + ":" + wiremock.port() + path;
    }

    /** Answers GET for exactly this path with the body as an image of this type. */
    ImageServer serve(String path, String contentType, byte[] body) {
        return answer(urlPathEqualTo(path), contentType, body);
    }

    /** Answers GET for every path starting with the prefix with the body as an image of this type. */
    ImageServer serveUnder(String pathPrefix, String contentType, byte[] body) {
        return answer(under(pathPrefix), contentType, body);
    }

    private ImageServer answer(UrlPathPattern paths, String contentType, byte[] body) {
        wiremock.stubFor(get(paths)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
        return this;
    }

    /** Any other answer: statuses, scenarios, delays, faults. */
    void stubFor(MappingBuilder mapping) {
        wiremock.stubFor(mapping);
    }

    /** How many requests, of any method, asked for a path starting with the prefix. */
    int requestsUnder(String pathPrefix) {
        return wiremock.findAll(anyRequestedFor(under(pathPrefix))).size();
    }

    /** Every request received, oldest first. */
    List<LoggedRequest> requests() {
        return wiremock.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    void verify(int count, RequestPatternBuilder requests) {
        wiremock.verify(count, requests);
    }

    /** Forgets the requests seen so far, keeping the answers. */
    void resetRequests() {
        wiremock.resetRequests();
    }

    /** Forgets every answer and every request, for a class that shares one server between tests. */
    void reset() {
        wiremock.resetAll();
    }

    @Override
    public void close() {
        wiremock.stop();
    }

    private static UrlPathPattern under(String pathPrefix) {
        return urlPathMatching(Pattern.quote(pathPrefix) + ".*");
    }
}
