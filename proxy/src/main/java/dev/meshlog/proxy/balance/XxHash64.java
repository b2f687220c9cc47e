package dev.meshlog.proxy.balance;

import java.nio.charset.StandardCharsets;

/**
 * xxHash64 with seed 0, the hash Envoy's ring hash uses by default for both ring entries and
 * request keys. Written out here (it is short) so an ASCII string, which is what header values,
 * cookies and addresses almost always are, is hashed without encoding it to a byte array first.
 */
final class XxHash64 {

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private XxHash64() {}

  /** The hash of {@code text}'s UTF-8 bytes. */
  static long hash(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
      }
    }
    // ASCII: each char is its own UTF-8 byte.
    return hash(text, text.length());
  }

  static long hash(byte[] bytes) {
    return hash(bytes, bytes.length);
  }

  /** {@code source} is a byte[] or an ASCII String; both read as the same byte sequence. */
  private static long hash(Object source, int length) {
    int at = 0;
    long h;
    if (length >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      for (int limit = length - 32; at <= limit; at += 32) {
        v1 = round(v1, longAt(source, at));
        v2 = round(v2, longAt(source, at + 8));
        v3 = round(v3, longAt(source, at + 16));
        v4 = round(v4, longAt(source, at + 24));
      }
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = P5;
    }
    h += length;
    for (; at + 8 <= length; at += 8) {
      h ^= round(0, longAt(source, at));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (at + 4 <= length) {
      h ^= (intAt(source, at) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      at += 4;
    }
    for (; at < length; at++) {
      h ^= byteAt(source, at) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long merge(long acc, long v) {
    return (acc ^ round(0, v)) * P1 + P4;
  }

  private static long longAt(Object source, int at) {
    return (intAt(source, at) & 0xFFFFFFFFL) | ((long) intAt(source, at + 4) << 32);
  }

  private static int intAt(Object source, int at) {
    return (int) (byteAt(source, at) | byteAt(source, at + 1) << 8 | byteAt(source, at + 2) << 16 | byteAt(source, at + 3) << 24);
  }

  private static long byteAt(Object source, int at) {
    return source instanceof byte[] bytes ? bytes[at] & 0xFF : ((String) source).charAt(at) & 0xFF;
  }
}
