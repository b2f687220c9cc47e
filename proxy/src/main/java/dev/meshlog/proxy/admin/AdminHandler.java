package dev.meshlog.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the admin pages. Runs on the admin server's own thread; every page reads atomics and
 * immutable tables only, so answering never waits on, or runs on, the data plane.
 */
@Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";
  private static final String TEXT_TYPE = "text/plain; charset=utf-8";

  private final AdminView view;

  AdminHandler(AdminView view) {
    this.view = view;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    if (!request.decoderResult().isSuccess()) {
      response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
    } else {
      response = answer(request.method(), new QueryStringDecoder(request.uri()).path());
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    var write = ctx.writeAndFlush(response);
    if (!keepAlive) {
      write.addListener(ChannelFutureListener.CLOSE);
    }
  }

  FullHttpResponse answer(HttpMethod method, String path) {
    boolean known = switch (path) {
      case "/ready", "/config_dump", "/stats", "/stats/prometheus", "/clusters", "/certs" -> true;
      default -> false;
    };
    if (!known) {
      return text(HttpResponseStatus.NOT_FOUND, "unknown admin path " + path + "; try /ready, /config_dump, /stats, /stats/prometheus, /clusters, /certs\n");
    }
    if (!HttpMethod.GET.equals(method)) {
      FullHttpResponse refused = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
      refused.headers().set(HttpHeaderNames.ALLOW, "GET");
      return refused;
    }
    return switch (path) {
      case "/ready" -> view.isLive()
          ? text(HttpResponseStatus.OK, "LIVE\n")
          // Envoy's state name before its first configuration is applied.
          : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "PRE_INITIALIZING\n");
      case "/config_dump" -> json(ConfigDumpPage.render(view));
      case "/clusters" -> json(ClustersPage.render(view));
      case "/certs" -> json(CertsPage.render(view));
      // /stats is already Prometheus text; /stats/prometheus is Envoy's path for the same page, which scrapers expect.
      default -> response(HttpResponseStatus.OK, PrometheusText.CONTENT_TYPE, StatsPage.render(view));
    };
  }

  private static FullHttpResponse json(ObjectNode page) {
    try {
      return response(HttpResponseStatus.OK, JSON_TYPE, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(page) + "\n");
    } catch (JsonProcessingException e) {
      log.warn("could not render an admin page: {}", e.toString());
      return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "could not render: " + e.getMessage() + "\n");
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return response(status, TEXT_TYPE, body);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection failed: {}", cause.toString());
    ctx.close();
  }
}
