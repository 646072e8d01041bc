package dev.anteroom.alert;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The disk under the data folder is almost full: less than {@code minFreePercent} of it, or less
 * than {@code minFreeBytes}, is usable.
 */
public final class DiskSpaceRule implements AlertRule {

  /** The space of the disk that holds a folder. */
  @FunctionalInterface
  public interface DiskSpace {
    /** Usable and total bytes now; throws if the folder cannot be read. */
    Usage usage();

    record Usage(long usableBytes, long totalBytes) {}
  }

  private final DiskSpace disk;
  private final String folder;
  private final double minFreePercent;
  private final long minFreeBytes;

  public DiskSpaceRule(DiskSpace disk, String folder, double minFreePercent, long minFreeBytes) {
    this.disk = disk;
    this.folder = folder;
    this.minFreePercent = minFreePercent;
    this.minFreeBytes = minFreeBytes;
  }

  @Override
  public AlertKind kind() {
    return AlertKind.DISK_SPACE;
  }

  @Override
  public List<Condition> check(Instant now) {
    DiskSpace.Usage usage = disk.usage();
    double freePercent =
        usage.totalBytes() <= 0 ? 100 : 100.0 * usage.usableBytes() / usage.totalBytes();
    if (freePercent >= minFreePercent && usage.usableBytes() >= minFreeBytes) {
      return List.of();
    }
    return List.of(
        new Condition(
            AlertKey.ofSystem(kind(), "data-dir"),
            null,
            null,
            String.format(
                Locale.ROOT,
                "the disk of the data folder %s has %d MiB usable of %d MiB (%.1f%%; alert below"
                    + " %.1f%% or %d MiB)",
                folder,
                usage.usableBytes() >> 20,
                usage.totalBytes() >> 20,
                freePercent,
                minFreePercent,
                minFreeBytes >> 20)));
  }
}
