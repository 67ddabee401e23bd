package org.imagedownloader.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A list's output as a POSIX folder: images under their names, uploads as hidden temporary files beside
 * them, and the {@link FolderIndex} saying which URL owns which file.
 */
final class ListFolder implements ListStore {

    private final FolderStore store;
    private final Path folder;
    private final FolderIndex index;

    ListFolder(FolderStore store, Path folder, FolderIndex index) {
        this.store = store;
        this.folder = folder;
        this.index = index;
    }

    @Override
    public Optional<String> existing(URI url) {
        return index.existingFile(url);
    }

    @Override
    public Optional<Validators> validators(URI url, String name) {
        return index.validators(url, name);
    }

    @Override
    public String sha256(String name) {
        return index.sha256(name);
    }

    @Override
    public long size(String name) {
        return folder.resolve(name).toFile().length();
    }

    @Override
    public Upload newUpload() {
        return new TempFile(store.tempFile(folder));
    }

    @Override
    public Published publish(URI url, String wanted, Upload upload, String sha256, Validators validators, boolean dedup) {
        TempFile temp = TempFile.of(upload);
        Published published = index.publish(url, wanted, new FolderIndex.Content(temp.complete(), sha256, validators, dedup));
        temp.published();
        return published;
    }

    @Override
    public void replace(URI url, String name, Upload upload, String sha256, Validators validators) {
        TempFile temp = TempFile.of(upload);
        index.replace(url, name, new FolderIndex.Content(temp.complete(), sha256, validators, false));
        temp.published();
    }

    @Override
    public void revalidated(URI url, String name, String sha256, Validators validators) {
        index.revalidated(url, name, sha256, validators);
    }
}
