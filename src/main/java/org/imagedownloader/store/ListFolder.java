package org.imagedownloader.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A list's output as a POSIX folder: images under their names, uploads as hidden temporary files beside
 * them, and the {@link FolderIndex} saying which URL owns which file, which the store keeps open only
 * while it is used.
 */
final class ListFolder implements ListStore {

    private final FolderStore store;
    private final String name;
    private final Path folder;

    ListFolder(FolderStore store, String name, Path folder) {
        this.store = store;
        this.name = name;
        this.folder = folder;
    }

    @Override
    public Optional<Saved> existing(URI url) {
        return store.withIndex(name, index -> index.existingFile(url)
                .map(file -> new Saved(file, folder.resolve(file).toFile().length(), index.sha256(file))));
    }

    @Override
    public Optional<Validators> validators(URI url, String file) {
        return store.withIndex(name, index -> index.validators(url, file));
    }

    @Override
    public String sha256(String file) {
        return store.withIndex(name, index -> index.sha256(file));
    }

    @Override
    public Upload newUpload(ImageType type) {
        // The folder is made when its index opens; a file's type is its name's extension.
        return store.withIndex(name, index -> new TempFile(store.tempFile(folder)));
    }

    @Override
    public Published publish(URI url, String wanted, Upload upload, String sha256, Validators validators, boolean dedup) {
        TempFile temp = TempFile.of(upload);
        Published published = store.withIndex(name, index ->
                index.publish(url, wanted, new FolderIndex.Content(temp.complete(), sha256, validators, dedup)));
        temp.published();
        return published;
    }

    @Override
    public void replace(URI url, String file, Upload upload, String sha256, Validators validators) {
        TempFile temp = TempFile.of(upload);
        store.withIndex(name, index -> {
            index.replace(url, file, new FolderIndex.Content(temp.complete(), sha256, validators, false));
            return file;
        });
        temp.published();
    }

    @Override
    public void revalidated(URI url, String file, String sha256, Validators validators) {
        store.withIndex(name, index -> {
            index.revalidated(url, file, sha256, validators);
            return file;
        });
    }
}
