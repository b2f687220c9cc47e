package dev.meshlog.engine.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC key bootstrap tokens are issued and checked with: 32 random bytes, base64, in
 * {@value CaDirectory#TOKEN_KEY} next to the CA files, created rw------- on first use. The CLI
 * (issuing tokens offline) and the signer (redeeming them) read the same file.
 *
 * <p>A plug-in CA's directory is the operator's, mounted read-only and shared by every engine instance, so nothing
 * is created there: its key is the {@value CaDirectory#TOKEN_KEY} the operator put beside the CA files, else one
 * derived from ca-key.pem, which every instance (and {@code meshlog token}) derives alike.
 */
public final class TokenKeyFile {

  private static final String DERIVATION_LABEL = "meshlog bootstrap-token-key v1";

  private TokenKeyFile() {}

  /** The key in the CA directory, created (and the directory with it, rwx------) if missing. */
  public static byte[] loadOrCreate(CaDirectory files) {
    if (!Files.exists(files.tokenKey())) {
      MeshCa.createOwnerOnlyDirectory(files.path());
      SecureFiles.writeOwnerOnly(files.tokenKey(), Base64.getEncoder().encodeToString(BootstrapTokens.newKey()) + "\n");
    }
    return load(files);
  }

  /** The token key of a plug-in CA whose signing key is {@code caKey}; never writes. */
  public static byte[] forPluginCa(CaDirectory files, PrivateKey caKey) {
    return Files.exists(files.tokenKey()) ? load(files) : derived(caKey);
  }

  /**
   * HMAC-SHA256 of a fixed label under the CA key's encoding: as secret as the CA key (whoever holds that can already
   * sign any identity), the same for every holder of it, and a new one when the operator replaces the CA key.
   */
  private static byte[] derived(PrivateKey caKey) {
    byte[] encoded = caKey.getEncoded();
    if (encoded == null) {
      throw new IllegalArgumentException("the plug-in CA key cannot be exported to derive the bootstrap token key; put a "
          + CaDirectory.TOKEN_KEY + " beside it");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(encoded, "HmacSHA256"));
      return mac.doFinal(DERIVATION_LABEL.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  static byte[] load(CaDirectory files) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(files.tokenKey());
      if (!SecureFiles.OWNER_ONLY.containsAll(permissions)) {
        // Whoever reads this key can mint a token for any identity: refuse like ssh refuses a readable key.
        throw new CaFileException(files.tokenKey(), "readable by others than its owner; chmod 600 it");
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(files.tokenKey(), StandardCharsets.US_ASCII).strip());
      if (key.length < 32) {
        throw new CaFileException(files.tokenKey(), "holds " + key.length + " bytes; a token key needs at least 32");
      }
      return key;
    } catch (IllegalArgumentException e) {
      if (e instanceof CaFileException cfe) {
        throw cfe;
      }
      throw new CaFileException(files.tokenKey(), "not base64", e);
    } catch (UnsupportedOperationException e) {
      throw new CaFileException(files.tokenKey(), "file system has no POSIX permissions; cannot keep the key private", e);
    } catch (IOException e) {
      throw new CaFileException(files.tokenKey(), "cannot read: " + e, e);
    }
  }
}
