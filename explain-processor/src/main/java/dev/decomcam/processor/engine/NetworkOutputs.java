package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDArray;

/**
 * What a network returns for a batch: the explained layer's activations {@code [n,C,h,w]} and
 * logits {@code [n,K]}.
 */
record NetworkOutputs(NDArray features, NDArray logits) {}
