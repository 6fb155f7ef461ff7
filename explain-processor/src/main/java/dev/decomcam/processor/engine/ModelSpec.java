package dev.decomcam.processor.engine;

import java.util.List;

/** Placeholder: replaced by the engine work (JSON model spec). */
public record ModelSpec(String id, List<String> labels, int inputWidth, int inputHeight) {}
