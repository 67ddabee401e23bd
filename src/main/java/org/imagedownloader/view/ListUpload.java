package org.imagedownloader.view;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.util.AntPathMatcher;

/**
 * Lists sent over HTTP ({@code PUT /api/lists/{name}}): checked, then written into the inbox the way a
 * careful writer drops a file (written under a hidden name, then renamed), to be taken like any other.
 */
public final class ListUpload {

    /** An answer: HTTP status, JSON body, and where the list's status is for a 201. */
    public record Answer(int status, Map<String, Object> body, String location) {
        static Answer error(int status, String message) {
            return new Answer(status, Map.of("error", message), null);
        }
    }

    private final Path inbox;
    private final String include;
    private final long maxBytes;
    private final String token;
    private final boolean loopback;

    /**
     * @param include the inbox's pattern of list names (downloader.include)
     * @param token   the bearer token writing needs; empty: writing only while the server is on loopback
     * @param host    the address the server listens on
     */
    public ListUpload(Path inbox, String include, long maxBytes, String token, String host) {
        this.inbox = inbox.toAbsolutePath().normalize();
        this.include = include;
        this.maxBytes = maxBytes;
        this.token = token;
        this.loopback = isLoopback(host);
    }

    /** A host name (no port) naming this machine's loopback. */
    static boolean isLoopbackName(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost")
                || host.equals("[::1]") || host.equals("::1"));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * @param host the host the request names: with no token, writing is for a client of this machine that
     *             names it as such (a page from elsewhere whose name was made to point here does not)
     */
    public Answer put(String name, String authorization, String host, byte[] body) {
        if (!token.isEmpty()) {
            byte[] given = (authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(given, ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
                return Answer.error(401, "writing needs the API token (Authorization: Bearer ...)");
            }
        } else if (!loopback) {
            return Answer.error(403, "writing is refused: the server is not on loopback and no downloader.api-token is set");
        } else if (!isLoopbackName(host)) {
            return Answer.error(403, "writing without downloader.api-token is only for requests to 127.0.0.1, localhost or [::1]");
        }
        Optional<Path> target = target(name);
        if (target.isEmpty()) {
            return Answer.error(400, "'" + name + "' is not a list name the inbox takes (" + include
                    + ", one plain file name, not hidden)");
        }
        if (body != null && body.length > maxBytes) {
            return Answer.error(413, "a list of at most " + maxBytes + " bytes is accepted");
        }
        if (Files.exists(target.get())) {
            return Answer.error(409, name + " is already waiting in the inbox");
        }
        try {
            Path part = Files.createTempFile(inbox, ".upload-", ".part");
            try {
                Files.write(part, body == null ? new byte[0] : body);
                Files.createLink(target.get(), part); // fails if the name was taken meanwhile; a rename would replace
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (FileAlreadyExistsException e) {
            return Answer.error(409, name + " is already waiting in the inbox");
        } catch (IOException e) {
            return Answer.error(507, "cannot write into the inbox: " + e.getMessage());
        }
        Map<String, Object> body201 = new LinkedHashMap<>();
        body201.put("list", name);
        body201.put("state", "waiting");
        body201.put("status", link(name));
        return new Answer(201, body201, link(name));
    }

    /** The API path of a list's status, its name encoded as one path segment. */
    static String link(String name) {
        return "/api/lists/" + Status.segment(name);
    }

    /** Where a list of this name is now, if anywhere this daemon knows of. */
    public Optional<Map<String, Object>> state(String name, Status status) {
        for (Map<String, Object> open : status.open()) {
            if (open.get("list").equals(name)) {
                Map<String, Object> m = new LinkedHashMap<>(open);
                m.put("state", "open");
                return Optional.of(m);
            }
        }
        if (target(name).filter(Files::exists).isPresent()) {
            return Optional.of(Map.of("list", name, "state", "waiting"));
        }
        for (Map<String, Object> done : status.finished()) {
            if (done.get("list").equals(name)) {
                Map<String, Object> m = new LinkedHashMap<>(done);
                m.put("state", "finished");
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The inbox file for a name the inbox would take as a list, and nothing else. */
    Optional<Path> target(String name) {
        if (name == null || name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.codePoints().anyMatch(c -> Character.isISOControl(c)
                        || c == 0x2028 || c == 0x2029)
                || name.getBytes(StandardCharsets.UTF_8).length > 255
                || !AntPathMatcher.INSTANCE.match(include, name)) {
            return Optional.empty();
        }
        Path target = inbox.resolve(name).normalize();
        return inbox.equals(target.getParent()) ? Optional.of(target) : Optional.empty();
    }
}
