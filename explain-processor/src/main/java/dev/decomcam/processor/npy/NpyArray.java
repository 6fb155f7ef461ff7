package dev.decomcam.processor.npy;

import java.util.Arrays;

/**
 * An n-dimensional array read from or written to a {@code .npy} file: its dtype, its shape (C
 * order) and the values in exactly one primitive array matching the dtype. Accessors convert on
 * demand so callers can ask for the type they compute in.
 */
public final class NpyArray {

  /** Supported element types, with their NumPy little-endian descriptor and byte size. */
  public enum DType {
    FLOAT32("<f4", 4),
    FLOAT64("<f8", 8),
    INT32("<i4", 4),
    INT64("<i8", 8);

    private final String descr;
    private final int size;

    DType(String descr, int size) {
      this.descr = descr;
      this.size = size;
    }

    public String descr() {
      return descr;
    }

    public int size() {
      return size;
    }

    /** The dtype for a NumPy descriptor, accepting {@code <} or {@code =} byte order. */
    static DType ofDescr(String descr, String source) {
      String d = descr.startsWith("=") ? "<" + descr.substring(1) : descr;
      for (DType t : values()) {
        if (t.descr.equals(d)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          source
              + ": dtype '"
              + descr
              + "' not supported: save as little-endian float32, float64, int32 or int64 (e.g."
              + " a.astype('<f4'))");
    }
  }

  private final DType dtype;
  private final int[] shape;
  private final Object data;

  private NpyArray(DType dtype, int[] shape, Object data, int length) {
    long n = count(shape);
    if (n != length) {
      throw new IllegalArgumentException(
          "npy array: shape " + Arrays.toString(shape) + " needs " + n + " values, got " + length);
    }
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data;
  }

  public static NpyArray of(float[] data, int... shape) {
    return new NpyArray(DType.FLOAT32, shape, data, data.length);
  }

  public static NpyArray of(double[] data, int... shape) {
    return new NpyArray(DType.FLOAT64, shape, data, data.length);
  }

  public static NpyArray of(int[] data, int... shape) {
    return new NpyArray(DType.INT32, shape, data, data.length);
  }

  public static NpyArray of(long[] data, int... shape) {
    return new NpyArray(DType.INT64, shape, data, data.length);
  }

  static long count(int[] shape) {
    long n = 1;
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException(
            "npy array: negative dimension in shape " + Arrays.toString(shape));
      }
      n *= s;
    }
    return n;
  }

  public DType dtype() {
    return dtype;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return (int) count(shape);
  }

  /** The raw backing array (float[], double[], int[] or long[]); not copied. */
  Object raw() {
    return data;
  }

  /** Values as float32 (a copy, converted if needed). */
  public float[] floats() {
    int n = size();
    float[] out = new float[n];
    switch (dtype) {
      case FLOAT32 -> System.arraycopy((float[]) data, 0, out, 0, n);
      case FLOAT64 -> {
        double[] d = (double[]) data;
        for (int i = 0; i < n; i++) out[i] = (float) d[i];
      }
      case INT32 -> {
        int[] d = (int[]) data;
        for (int i = 0; i < n; i++) out[i] = d[i];
      }
      case INT64 -> {
        long[] d = (long[]) data;
        for (int i = 0; i < n; i++) out[i] = d[i];
      }
    }
    return out;
  }

  /** Values as float64 (a copy, converted if needed). */
  public double[] doubles() {
    int n = size();
    double[] out = new double[n];
    switch (dtype) {
      case FLOAT32 -> {
        float[] d = (float[]) data;
        for (int i = 0; i < n; i++) out[i] = d[i];
      }
      case FLOAT64 -> System.arraycopy((double[]) data, 0, out, 0, n);
      case INT32 -> {
        int[] d = (int[]) data;
        for (int i = 0; i < n; i++) out[i] = d[i];
      }
      case INT64 -> {
        long[] d = (long[]) data;
        for (int i = 0; i < n; i++) out[i] = d[i];
      }
    }
    return out;
  }

  /** Values as int64; only for integer dtypes (a copy). */
  public long[] longs() {
    int n = size();
    long[] out = new long[n];
    switch (dtype) {
      case INT32 -> {
        int[] d = (int[]) data;
        for (int i = 0; i < n; i++) out[i] = d[i];
      }
      case INT64 -> System.arraycopy((long[]) data, 0, out, 0, n);
      default ->
          throw new IllegalStateException(
              "npy array is " + dtype.descr() + ", not an integer type: use floats() or doubles()");
    }
    return out;
  }
}
