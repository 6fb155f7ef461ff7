package dev.decomcam.sink.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.ComponentEvent;
import dev.decomcam.schemas.ComponentEventType;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CameraBoardTest {
  final AtomicLong now = new AtomicLong();

  static Frame frame(String camera, long seq) {
    return Frame.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(1000 + seq * 100)
        .setPtsMicros(0)
        .setWidth(4)
        .setHeight(4)
        .setImage(ByteBuffer.wrap(new byte[] {(byte) seq}))
        .build();
  }

  static SaliencyMap map() {
    return SaliencyMap.newBuilder()
        .setWidth(2)
        .setHeight(2)
        .setData(ByteBuffer.wrap(new byte[] {0, 50, 100, (byte) 255}))
        .build();
  }

  static Explanation explanation(String camera, long seq, int target, boolean reset, int... ids) {
    List<Component> components =
        java.util.Arrays.stream(ids)
            .mapToObj(
                id ->
                    Component.newBuilder()
                        .setId(id)
                        .setRank(0)
                        .setWeight(0.5f)
                        .setScore(1f)
                        .setEnergy(0.25f)
                        .setMap(map())
                        .build())
            .toList();
    return Explanation.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(1000 + seq * 100)
        .setModelId("m")
        .setMethod("decomcam")
        .setPredictedIndex(target)
        .setPredictedLabel("c" + target)
        .setPredictedScore(0.9f)
        .setTargetIndex(target)
        .setTargetLabel("c" + target)
        .setTargetLogit(3f)
        .setInputWidth(2)
        .setInputHeight(2)
        .setSaliency(map())
        .setComponents(components)
        .setReset(reset)
        .build();
  }

  static ComponentEvent event(
      String camera, long seq, ComponentEventType type, int id, String why) {
    return ComponentEvent.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setType(type)
        .setComponentId(id)
        .setReason(why)
        .build();
  }

  @Test
  void capEvictsTheLeastRecentlySeenAndIdleCamerasExpire() {
    CameraBoard b = new CameraBoard(3, 1_000, now::get);
    for (int i = 0; i < 10; i++) {
      now.addAndGet(10);
      b.onOverlay(DashboardTest.overlay("cam-" + i, 1, new byte[] {1}));
    }
    assertEquals(3, b.size());
    assertEquals(
        List.of("cam-7", "cam-8", "cam-9"), b.cameras().stream().map(CameraState::id).toList());
    now.addAndGet(990);
    b.onOverlay(DashboardTest.overlay("cam-9", 2, new byte[] {1}));
    assertEquals(1, b.expire(), "cam-7 idle for longer than the expiry");
    now.addAndGet(5_000);
    b.expire();
    assertEquals(0, b.size());
  }

  @Test
  void aCameraWhoseProcessorDoesNotAnswerIsUnexplainedUntilAnExplanationComesAgain() {
    CameraBoard b = new CameraBoard(8, Long.MAX_VALUE, now::get);
    b.onOverlay(DashboardTest.overlay("door", 1, new byte[] {1}));
    assertEquals("live", b.get("door").health(now.get()));
    Overlay overdue =
        Overlay.newBuilder(DashboardTest.overlay("door", 2, new byte[] {1}))
            .setSkipped(true)
            .setOverdue(true)
            .setSkipReason("no explanation within 2000 ms (overlay.explanation.wait.ms)")
            .setExplanationSequence(1)
            .setExplanationAgeMs(1900)
            .build();
    b.onOverlay(overdue);
    assertEquals("unexplained", b.get("door").health(now.get()));
    var json = DashboardJson.summary(b.get("door"), now.get());
    assertTrue(json.get("overdue").getAsBoolean(), json.toString());
    assertTrue(json.get("skipReason").getAsString().contains("overlay.explanation.wait.ms"));
    b.onOverlay(DashboardTest.overlay("door", 3, new byte[] {1}));
    assertEquals("live", b.get("door").health(now.get()));
    assertEquals(
        "", DashboardJson.summary(b.get("door"), now.get()).get("skipReason").getAsString());
  }

  @Test
  void pairsTheExplainedFrameAndBuildsTheTimeline() {
    CameraBoard b = new CameraBoard(8, Long.MAX_VALUE, now::get);
    for (long s = 0; s < 6; s++) {
      b.onFrame(frame("door", s));
    }
    b.onExplanation(explanation("door", 2, 1, true, 0, 1));
    b.onComponentEvent(event("door", 2, ComponentEventType.APPEARED, 0, ""));
    b.onComponentEvent(event("door", 2, ComponentEventType.APPEARED, 1, ""));
    b.onExplanation(explanation("door", 4, 1, false, 0));
    b.onComponentEvent(event("door", 4, ComponentEventType.VANISHED, 1, "faded"));
    b.onComponentEvent(event("door", 5, ComponentEventType.RESET, -1, "scene cut"));
    b.onExplanation(explanation("door", 5, 3, true, 7));

    CameraState c = b.get("door");
    CameraState.Explained x = c.explained();
    assertNotNull(x.frame());
    assertEquals(5, x.frame().sequence(), "the frame of the explanation, not the newest frame");
    assertEquals(5, x.frame().image()[0]);

    var timeline = DashboardJson.timeline(c);
    assertEquals(2, timeline.get("from").getAsLong());
    assertEquals(5, timeline.get("to").getAsLong());
    var lifetimes = timeline.getAsJsonArray("lifetimes");
    assertEquals(2, lifetimes.size(), timeline.toString());
    assertEquals("faded", lifetimes.get(0).getAsJsonObject().get("endReason").getAsString());
    assertEquals("reset", lifetimes.get(1).getAsJsonObject().get("endReason").getAsString());
    assertEquals(
        "scene cut",
        timeline.getAsJsonArray("resets").get(0).getAsJsonObject().get("reason").getAsString());
    var change = timeline.getAsJsonArray("targetChanges").get(0).getAsJsonObject();
    assertEquals(5, change.get("sequence").getAsLong());
    assertEquals("c3", change.get("toLabel").getAsString());

    var components = DashboardJson.components(c).getAsJsonArray("components");
    assertEquals(1, components.size());
    assertEquals(7, components.get(0).getAsJsonObject().get("id").getAsInt());
    assertEquals(0, components.get(0).getAsJsonObject().get("ageFrames").getAsLong());
    assertTrue(c.bytes() > 0);
  }

  @Test
  void anExplanationWhoseFrameWasNotSeenIsNotDrawnOverAnotherFrame() {
    CameraBoard b = new CameraBoard(8, Long.MAX_VALUE, now::get);
    b.onFrame(frame("door", 1));
    b.onExplanation(explanation("door", 1, 0, true, 0));
    b.onExplanation(explanation("door", 9, 0, false, 0));
    assertNull(b.get("door").explained().frame());
    assertEquals(9, b.get("door").explained().explanation().getSequence());
  }
}
