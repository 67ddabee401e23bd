package org.imagedownloader.store;

/** Where a URL's bytes ended up: under its own name, or in a file that held the same bytes already. */
public record Published(String name, boolean duplicate) {
}
