package org.imagedownloader.store;

import org.imagedownloader.attempt.RejectedException;

/**
 * The sizes of image kept: downloader.min-width, min-height and max-pixels, each off at 0. Checked as soon
 * as the header gives the size, so an image refused for it is let go of before the rest of its body.
 *
 * @param maxPixels the most width x height kept; 0 = no limit
 */
public record SizeLimits(int minWidth, int minHeight, long maxPixels) {

    /** Limits for these settings: a decoder is never handed an image of any size, so decoding always has a pixel cap. */
    public static SizeLimits of(int minWidth, int minHeight, long maxPixels, boolean decode) {
        return new SizeLimits(minWidth, minHeight,
                decode && maxPixels == 0 ? ImageVerifier.DEFAULT_MAX_PIXELS : maxPixels);
    }

    /** Refuses an image whose size these limits do not allow, naming the size and the limit. */
    public void check(int width, int height) throws RejectedException {
        if (width < minWidth || height < minHeight) {
            throw new RejectedException("too small: " + width + "x" + height
                    + " (minimum " + minWidth + "x" + minHeight + ")");
        }
        checkPixels(width, height);
    }

    void checkPixels(long width, long height) throws RejectedException {
        long pixels = width * height;
        if (maxPixels > 0 && pixels > maxPixels) {
            throw new RejectedException("too many pixels: " + width + "x" + height + " = " + pixels
                    + " (maximum " + maxPixels + ")");
        }
    }
}
