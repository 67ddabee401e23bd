package org.imagedownloader.store;

/**
 * A URL's image found in the store: its name, its size in bytes and its sha256 (lowercase hex, or null for
 * one saved before hashes were kept), all a skipped item's report line needs without asking the store again.
 */
public record Saved(String name, long size, String sha256) {
}
