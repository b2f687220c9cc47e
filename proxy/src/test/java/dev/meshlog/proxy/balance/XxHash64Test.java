package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

class XxHash64Test {

  @Test
  void shouldMatchTheReferenceVectors() {
    // From the xxHash reference implementation (XXH64, seed 0).
    assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(""));
    assertEquals(0xD24EC4F1A98C6E5BL, XxHash64.hash("a"));
    assertEquals(0x44BC2CF5AD770999L, XxHash64.hash("abc"));
    assertEquals(0xFBCEA83C8A378BF1L, XxHash64.hash("Nobody inspects the spammish repetition"));
  }

  @Test
  void shouldAgreeWithLz4JavaOnEveryLength() {
    // lz4-java comes with kafka-clients; its XXH64 is an independent implementation to check against.
    XXHash64 reference = XXHashFactory.safeInstance().hash64();
    SplittableRandom random = new SplittableRandom(42);
    for (int length = 0; length < 200; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      assertEquals(reference.hash(bytes, 0, length, 0), XxHash64.hash(bytes), "length " + length);
      String ascii = ascii(random, length);
      assertEquals(reference.hash(ascii.getBytes(StandardCharsets.US_ASCII), 0, length, 0), XxHash64.hash(ascii), ascii);
    }
  }

  @Test
  void shouldHashNonAsciiTextAsUtf8() {
    String text = "café-ü-漢字";
    assertEquals(XxHash64.hash(text.getBytes(StandardCharsets.UTF_8)), XxHash64.hash(text));
  }

  private static String ascii(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) random.nextInt(0x20, 0x7F));
    }
    return text.toString();
  }
}
