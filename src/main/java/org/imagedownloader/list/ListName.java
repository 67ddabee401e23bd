package org.imagedownloader.list;

import org.imagedownloader.store.FileNamer;

/** Names the folder a list's images go into after the list file itself, so {@code cats.txt} fills {@code cats/}. */
public final class ListName {

    private ListName() {
    }

    public static String folderFor(String listFileName) {
        int dot = listFileName.lastIndexOf('.');
        String stem = dot < 0 ? listFileName : listFileName.substring(0, dot);
        String folder = FileNamer.safe(stem);
        // A list named only by its extension still needs a folder of its own, stable across restarts.
        return folder.isEmpty() ? "list-" + FileNamer.sha256Hex(listFileName).substring(0, 12) : folder;
    }
}
