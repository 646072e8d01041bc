package dev.anteroom.alert.spring;

import dev.anteroom.alert.DiskSpaceRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The space of the disk that holds a folder (or its nearest existing parent). */
final class FolderDiskSpace implements DiskSpaceRule.DiskSpace {

  private final Path folder;

  FolderDiskSpace(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  @Override
  public Usage usage() {
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new IllegalStateException("no existing folder above " + folder);
    }
    try {
      FileStore store = Files.getFileStore(existing);
      return new Usage(store.getUsableSpace(), store.getTotalSpace());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
