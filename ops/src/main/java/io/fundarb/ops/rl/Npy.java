package io.fundarb.ops.rl;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0) for little-endian float32 arrays in C order, so
 * windows files open with {@code numpy.load} as they are.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** A float32 array and its shape. */
  public record Array(float[] data, int[] shape) {}

  public static void write(Path file, float[] data, int... shape) throws IOException {
    long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    if (count != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
    }
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(d).append(", ");
    }
    String tuple = shape.length == 1 ? shape[0] + "," : dims.substring(0, dims.length() - 2);
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + tuple + "), }";
    int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
    header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      out.write(MAGIC);
      out.write(new byte[] {1, 0});
      out.write(new byte[] {(byte) header.length(), (byte) (header.length() >> 8)});
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      ByteBuffer buffer = ByteBuffer.allocate(4 * 65536).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < data.length; i++) {
        buffer.putFloat(data[i]);
        if (!buffer.hasRemaining()) {
          out.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  public static Array read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + " is not a .npy file");
      }
      int major = in.readUnsignedByte();
      in.readUnsignedByte();
      int headerLength = major == 1 ? in.readUnsignedByte() | in.readUnsignedByte() << 8
          : Integer.reverseBytes(in.readInt());
      String header = new String(in.readNBytes(headerLength), StandardCharsets.US_ASCII);
      if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
        throw new IOException(file + ": only little-endian float32 arrays in C order are supported, header: " + header.trim());
      }
      Matcher m = SHAPE.matcher(header);
      if (!m.find()) {
        throw new IOException(file + ": no shape in header " + header.trim());
      }
      int[] shape = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .mapToInt(Integer::parseInt).toArray();
      int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      byte[] bytes = in.readNBytes(4 * count);
      if (bytes.length != 4 * count) {
        throw new IOException(file + " is truncated: expected " + count + " floats");
      }
      float[] data = new float[count];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      return new Array(data, shape);
    }
  }
}
