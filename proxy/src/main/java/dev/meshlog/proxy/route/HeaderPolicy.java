package dev.meshlog.proxy.route;

import java.util.Objects;

/** Istio's Headers: operations on the request sent upstream and on the response sent downstream. */
public record HeaderPolicy(HeaderOperations request, HeaderOperations response) {

  public static final HeaderPolicy NONE = new HeaderPolicy(HeaderOperations.NONE, HeaderOperations.NONE);

  public HeaderPolicy {
    request = Objects.requireNonNullElse(request, HeaderOperations.NONE);
    response = Objects.requireNonNullElse(response, HeaderOperations.NONE);
  }
}
