package dev.decomcam.ops.bench;

import dev.decomcam.processor.track.TrackEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a hard cut did to the component ids: the ids live just before the cut, and the events of the
 * cut frame and the one after. It passes when, within those two frames, every old id got a VANISHED
 * event, none of them PERSISTED, and new components APPEARED: the old scene's ids never attach to
 * the new scene, and a consumer of the events can see it.
 *
 * @param cutFrame index of the first frame after the cut
 * @param resetFrame the first frame at or after the cut on which the streaming state reset (-1:
 *     none within one frame)
 * @param oldIds ids live on the frame before the cut
 * @param events events of the cut frame and the next, as {@code frame:TYPE:id (reason)}
 */
public record CutCheck(
    int cutFrame, int resetFrame, List<Integer> oldIds, List<String> events, boolean passed) {

  /**
   * Builds the check from the ids before the cut and the events of frames {@code cut} and {@code
   * cut + 1}.
   */
  public static CutCheck of(
      int cutFrame,
      Set<Integer> oldIds,
      List<TrackEvent> atCut,
      boolean resetAtCut,
      List<TrackEvent> afterCut,
      boolean resetAfter) {
    Set<Integer> vanished = new HashSet<>();
    boolean persisted = false;
    int appeared = 0;
    List<String> lines = new ArrayList<>();
    int frame = cutFrame;
    for (List<TrackEvent> evs : List.of(atCut, afterCut)) {
      for (TrackEvent e : evs) {
        switch (e.type()) {
          case VANISHED -> vanished.add(e.id());
          case PERSISTED -> persisted |= oldIds.contains(e.id());
          case APPEARED -> appeared++;
          default -> {}
        }
        if (e.type() != TrackEvent.Type.PERSISTED) {
          lines.add(
              frame
                  + ":"
                  + e.type()
                  + (e.id() >= 0 ? ":" + e.id() : "")
                  + (e.reason().isEmpty() ? "" : " (" + e.reason() + ")"));
        }
      }
      frame++;
    }
    int resetFrame = resetAtCut ? cutFrame : resetAfter ? cutFrame + 1 : -1;
    boolean passed = vanished.containsAll(oldIds) && !persisted && appeared > 0;
    return new CutCheck(
        cutFrame,
        resetFrame,
        List.copyOf(new java.util.TreeSet<>(oldIds)),
        List.copyOf(lines),
        passed);
  }
}
