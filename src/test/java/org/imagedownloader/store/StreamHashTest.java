package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class StreamHashTest {

    /** Copies a body the way the saver does: whole buffers, then whichever buffer the hash hands back. */
    private static String hashed(byte[] body, int firstBuffer) throws Exception {
        StreamHash hash = new StreamHash();
        InputStream in = new ByteArrayInputStream(body);
        byte[] buf = new byte[firstBuffer];
        for (int n = in.readNBytes(buf, 0, buf.length); n > 0; n = in.readNBytes(buf, 0, buf.length)) {
            buf = hash.add(buf, n);
        }
        return hash.hex();
    }

    @Property(tries = 12)
    void theHashIsTheSha256OfEveryByteInOrderSmallOrHandedOver(
            @ForAll @IntRange(min = 0, max = 12 << 20) int size, @ForAll @IntRange(min = 1, max = 70_000) int buffer,
            @ForAll long seed) throws Exception {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(hashed(body, buffer)).isEqualTo(expected);
    }
}
