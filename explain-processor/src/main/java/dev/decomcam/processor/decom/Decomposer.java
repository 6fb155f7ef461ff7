package dev.decomcam.processor.decom;

import org.ejml.data.DMatrixRMaj;

/**
 * Finds the leading principal components of a column-centred matrix X (rows = observations, here
 * feature-map positions; columns = variables, here weighted channels). Decom-CAM takes its
 * orthogonal saliency maps from the projections X·v_i.
 *
 * <p>Centring is the caller's job, as in pytorch-grad-cam's {@code svd_on_activations}: without it
 * the first component is mostly the mean activation, not a direction of variation. An
 * implementation may keep state between calls (a warm-started solver seeded with the previous
 * frame's V), so use one instance per stream of related matrices.
 *
 * <pre>{@code
 * Decomposer d = new FullSvd();
 * Decomposition r = d.decompose(xCentred, 10);     // xCentred: 49x100, not modified
 * double[] first = r.projection(0);                  // u_0 * s_0, 49 values
 * }</pre>
 */
public interface Decomposer {

  /**
   * The first {@code n} components, by descending singular value; fewer when X has fewer (min(rows,
   * cols)). {@code x} is not modified.
   */
  Decomposition decompose(DMatrixRMaj x, int n);

  /** Short name used in configuration and logs, e.g. {@code full}. */
  String name();
}
