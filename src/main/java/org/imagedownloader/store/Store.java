package org.imagedownloader.store;

/**
 * Where the per-URL work puts what it keeps: one {@link ListStore} per list, named by the folder name its
 * items carry. It knows nothing of lists being run, so the per-URL work can run in any process that sees
 * the same output.
 */
public interface Store {

    /**
     * The output of the list whose items name this folder.
     *
     * @throws IllegalArgumentException if the name is not one safe name for a list's output
     */
    ListStore list(String folder);
}
