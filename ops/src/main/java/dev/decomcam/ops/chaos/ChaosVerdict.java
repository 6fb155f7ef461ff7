package dev.decomcam.ops.chaos;

import dev.decomcam.ops.chaos.OutputLedger.Explained;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The check of a run's committed output: per camera, every frame {@code 0..n-1} explained and
 * overlaid exactly once and in order, and every hand-over of a camera between processes judged warm
 * or cold by the explanations' {@code reset} flag.
 *
 * <p>A hand-over is known as "the camera's last sequence read before the change of owner was seen";
 * the next {@value #RESUME_WINDOW} frames are the new owner's first. They resume warm when none of
 * them is reset; cold when one is reset although the content did not change there; a reset where
 * the content changed (first frame, the ground truth's class changes, the target class changes) is
 * no evidence either way and is counted apart.
 *
 * @param missing frames with no explanation plus frames with no overlay
 * @param duplicated explanations plus overlays beyond the first of their frame
 * @param outOfOrder explanations plus overlays read after one of a later frame of their camera
 * @param contentResumes hand-overs whose first frames reset because the content changed there
 * @param otherResets resets outside hand-overs where the content did not change (scene-cut
 *     detections within a segment; shown so that a cold resume cannot hide among them)
 * @param problems the first few findings, one line each
 */
record ChaosVerdict(
    long frames,
    long explanations,
    long overlays,
    long missing,
    long duplicated,
    long outOfOrder,
    int warmResumes,
    int coldResumes,
    int contentResumes,
    int otherResets,
    List<String> problems) {

  /** Frames after a hand-over that belong to the new owner's first. */
  static final int RESUME_WINDOW = 5;

  private static final int MAX_PROBLEMS = 20;

  /** Tells whether the content of {@code camera} changed at frame {@code sequence}. */
  interface ContentChange {
    boolean at(String camera, long sequence);
  }

  static ChaosVerdict judge(
      Map<String, Integer> expected,
      Map<String, List<Explained>> explained,
      Map<String, List<Long>> overlaid,
      Map<String, Set<Long>> handovers,
      ContentChange contentChange) {
    Counts c = new Counts();
    List<String> problems = new ArrayList<>();
    long frames = 0;
    int warm = 0;
    int cold = 0;
    int content = 0;
    Set<String> cameras = new TreeSet<>(expected.keySet());
    cameras.addAll(explained.keySet());
    cameras.addAll(overlaid.keySet());
    for (String camera : cameras) {
      int n = expected.getOrDefault(camera, 0);
      frames += n;
      List<Explained> es = explained.getOrDefault(camera, List.of());
      c.add(camera, "explanation", n, es.stream().map(Explained::sequence).toList(), problems);
      c.add(camera, "overlay", n, overlaid.getOrDefault(camera, List.of()), problems);

      Map<Long, Explained> bySequence = new HashMap<>();
      es.forEach(e -> bySequence.putIfAbsent(e.sequence(), e));
      Set<Long> inWindows = new HashSet<>();
      for (long after : new TreeSet<>(handovers.getOrDefault(camera, Set.of()))) {
        boolean coldHere = false;
        boolean contentHere = false;
        for (long s = after + 1; s <= after + RESUME_WINDOW && s < n; s++) {
          inWindows.add(s);
          Explained e = bySequence.get(s);
          if (e == null || !e.reset()) {
            continue;
          }
          if (changed(camera, s, bySequence, contentChange)) {
            contentHere = true;
          } else {
            coldHere = true;
          }
        }
        if (coldHere) {
          cold++;
          note(
              problems,
              camera + ": cold resume after frame " + after + " (reset, content unchanged)");
        } else if (contentHere) {
          content++;
        } else if (after + 1 < n) {
          warm++;
        }
      }
      for (Explained e : bySequence.values()) {
        if (e.reset()
            && !inWindows.contains(e.sequence())
            && !changed(camera, e.sequence(), bySequence, contentChange)) {
          c.otherResets++;
        }
      }
    }
    return new ChaosVerdict(
        frames,
        c.explanations,
        c.overlays,
        c.missing,
        c.duplicated,
        c.outOfOrder,
        warm,
        cold,
        content,
        c.otherResets,
        List.copyOf(problems));
  }

  /** All frames once and in order, and every hand-over warm. */
  boolean passed() {
    return missing == 0 && duplicated == 0 && outOfOrder == 0 && coldResumes == 0;
  }

  private static boolean changed(
      String camera, long s, Map<Long, Explained> bySequence, ContentChange contentChange) {
    if (s == 0 || contentChange.at(camera, s)) {
      return true;
    }
    Explained previous = bySequence.get(s - 1);
    return previous != null && previous.targetIndex() != bySequence.get(s).targetIndex();
  }

  private static void note(List<String> problems, String line) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(line);
    }
  }

  /** Running totals over cameras and kinds. */
  private static final class Counts {
    long explanations;
    long overlays;
    long missing;
    long duplicated;
    long outOfOrder;
    int otherResets;

    void add(String camera, String kind, int n, List<Long> sequences, List<String> problems) {
      if (kind.equals("explanation")) {
        explanations += sequences.size();
      } else {
        overlays += sequences.size();
      }
      Set<Long> seen = new HashSet<>();
      long last = -1;
      for (long s : sequences) {
        if (!seen.add(s)) {
          duplicated++;
          note(problems, camera + ": " + kind + " of frame " + s + " twice");
        } else if (s < last) {
          outOfOrder++;
          note(problems, camera + ": " + kind + " of frame " + s + " after frame " + last);
        }
        last = Math.max(last, s);
      }
      for (long s = 0; s < n; s++) {
        if (!seen.contains(s)) {
          missing++;
          note(problems, camera + ": no " + kind + " of frame " + s);
        }
      }
      long extra = seen.stream().filter(s -> s < 0 || s >= n).count();
      if (extra > 0) {
        duplicated += extra;
        note(problems, camera + ": " + extra + " " + kind + "s of frames never sent");
      }
    }
  }
}
