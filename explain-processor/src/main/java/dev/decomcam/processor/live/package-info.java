/**
 * The live overload policy: which frames of a live camera are too stale to explain. Pure (a clock
 * in, a decision out), so the rule is tested on a fake clock; the topology applies it before a
 * frame's image is decoded.
 */
package dev.decomcam.processor.live;
