package org.imagedownloader.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.imagedownloader.attempt.RejectedException;

/**
 * downloader.verify=decode: decodes an upload's complete bytes before it is published, and refuses one
 * that does not decode cleanly. ImageIO's decoders (the JDK's for JPEG, PNG, GIF, BMP and TIFF,
 * TwelveMonkeys' for WebP) report truncated or corrupt data of some formats only as warnings, so such a
 * warning refuses the image too; a warning that costs no pixels (an invalid color profile, ignored) does
 * not. ICO, AVIF and HEIC have no decoder here: they are kept, and the report says they were not verified.
 */
public final class ImageVerifier {

    /** The cap on width x height when downloader.max-pixels leaves it open: a 400 MB raster at 4 bytes a pixel. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /**
     * Warnings that mean pixels were lost: the JDK JPEG reader's "Truncated File - Missing EOI marker" and
     * libjpeg's "Corrupt JPEG data: ..." and "Premature end of JPEG file", in lower case.
     */
    private static final List<String> LOST_PIXELS = List.of("truncated", "corrupt", "premature end", "missing eoi");

    /** What a decoder holds per pixel, near enough: 3 or 4 bytes for most images, as one int per pixel. */
    private static final long BYTES_PER_PIXEL = 4;

    private final SizeLimits limits;
    /**
     * Megabytes of rasters being decoded at once, at most half the heap: two downloads decoding big images
     * together wait for each other instead of both running out of memory. An image bigger than the whole
     * budget is decoded alone, and if even that runs out of memory, only its item fails. Fair: a big image
     * waiting for many megabytes is not overtaken for ever by small ones taking a few.
     */
    private final Semaphore budget;
    private final int budgetMegabytes;

    /** @param limits the size limits, whose max-pixels caps what is decoded */
    public ImageVerifier(SizeLimits limits) {
        this.limits = limits;
        this.budgetMegabytes = (int) Math.max(1, Runtime.getRuntime().maxMemory() / 2 >> 20);
        this.budget = new Semaphore(budgetMegabytes, true);
    }

    /**
     * Decodes the upload's bytes as the given type. Returns null when they decoded cleanly, or what the
     * report says of an image no decoder here can read; throws when they do not decode.
     */
    String verify(Upload upload, long bytes, ImageType type) throws IOException, RejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.mimeType());
        if (!readers.hasNext()) {
            return "not verified: no decoder for " + type.extension();
        }
        ImageReader reader = readers.next();
        try (UploadImageStream images = UploadImageStream.of(upload, bytes)) {
            RejectedException refused = null;
            try {
                decode(reader, images);
            } catch (StorageException | InterruptedIOException e) {
                throw e; // waiting for the budget was interrupted: a stop
            } catch (RejectedException e) {
                refused = e;
            } catch (IOException | RuntimeException e) {
                // A decoder fed hostile bytes may throw anything; each is this image's fault.
                refused = new RejectedException("could not decode: " + reason(e));
            } catch (OutOfMemoryError e) {
                // Whatever did not fit was never made, and what was made is garbage now: only this image fails.
                refused = new RejectedException("could not decode: out of memory");
            }
            images.throwFailure(); // whatever the decoder made of a read that failed here
            if (refused != null) {
                throw refused;
            }
            return null;
        } finally {
            reader.dispose();
        }
    }

    private void decode(ImageReader reader, UploadImageStream images) throws IOException, RejectedException {
        reader.setInput(images.images(), true, true);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (lostPixels(warning)) {
                warnings.add(warning);
            }
        });
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        limits.checkPixels(width, height);
        long heap = width * height * BYTES_PER_PIXEL + images.heapBytes();
        int megabytes = (int) Math.min(budgetMegabytes, Math.max(1, heap >> 20));
        try {
            budget.acquire(megabytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to decode");
        }
        try {
            reader.read(0);
        } finally {
            budget.release(megabytes);
        }
        if (!warnings.isEmpty()) {
            throw new RejectedException("could not decode: " + warnings.get(0));
        }
    }

    private static boolean lostPixels(String warning) {
        String lower = warning.toLowerCase(Locale.ROOT);
        return LOST_PIXELS.stream().anyMatch(lower::contains);
    }

    /** The decoder's own words, with what they wrap (a PNG's zlib error, or the memory a raster did not find). */
    private static String reason(Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause instanceof OutOfMemoryError) {
            return "out of memory";
        }
        return cause == null || cause.getMessage() == null ? reason : reason + ": " + cause.getMessage();
    }
}
