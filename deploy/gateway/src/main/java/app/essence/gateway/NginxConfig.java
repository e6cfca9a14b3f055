package app.essence.gateway;

import app.essence.gateway.RouteTable.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The local gateway's nginx configuration, rendered from the route table (docs/deploy.md, "The gateway"). Only routes of
 * the table are proxied; anything else, {@code /q/*} included, is a 404 problem from the gateway itself.
 */
public final class NginxConfig {
    /** The request id as nginx has it, written into its problem answers. */
    private static final String REQUEST_ID = "$essence_request_id";
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    /** Headers a browser may send and read: the bearer token, bodies, ranged playback, the request id. */
    static final String CORS_REQUEST_HEADERS = "Authorization, Content-Type, Range, X-Request-Id";
    static final String CORS_EXPOSED_HEADERS = "X-Request-Id, Location, Content-Range, Accept-Ranges, Retry-After";

    /**
     * Where and how the gateway runs: its address, each service's port, the web client's origins, its state and log
     * folders, the merged OpenAPI document it serves, the per-client limit, and the user its workers run as (root
     * only; null keeps nginx's default).
     */
    public record Settings(String listen, Map<String, Integer> servicePorts, List<String> corsOrigins, Path stateDir,
            Path logsDir, Path openApiFile, int requestsPerSecond, int burst, String workerUser) {
        public Settings {
            for (String origin : corsOrigins) {
                if (!ORIGIN.matcher(origin).matches()) {
                    throw new IllegalArgumentException("not a web origin (scheme://host[:port]): " + origin);
                }
            }
        }
    }

    private final RouteTable table;
    private final Settings settings;

    public NginxConfig(RouteTable table, Settings settings) {
        this.table = table;
        this.settings = settings;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Generated from deploy/gateway/routes.yaml by deploy/gateway (./essence up); edit the table, not this.\n");
        out.append("daemon off;\nworker_processes 1;\n");
        if (settings.workerUser() != null) {
            out.append("user ").append(settings.workerUser()).append(";\n");
        }
        out.append("pid ").append(settings.stateDir().resolve("nginx.pid")).append(";\n");
        out.append("error_log ").append(settings.logsDir().resolve("gateway-error.log")).append(" warn;\n");
        out.append("events { worker_connections 1024; }\n\nhttp {\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            out.append("    ").append(temp).append("_temp_path ").append(settings.stateDir().resolve("tmp-" + temp))
                    .append(";\n");
        }
        out.append("""
                    server_tokens off;
                    default_type application/json;
                    # JSON access logs, one object a line; the token and the body are never logged.
                    log_format essence_json escape=json '{"time":"$time_iso8601","request_id":"$essence_request_id",'
                        '"client":"$remote_addr","method":"$request_method","uri":"$request_uri","status":$status,'
                        '"request_bytes":$request_length,"response_bytes":$bytes_sent,"duration_s":$request_time,'
                        '"upstream":"$upstream_addr","upstream_status":"$upstream_status",'
                        '"upstream_duration_s":"$upstream_response_time","user_agent":"$http_user_agent"}';
                    access_log %s essence_json;

                    # A request id the client sent is kept if it looks like one; otherwise nginx makes one (32 hex).
                    map $http_x_request_id $essence_request_id {
                        default $request_id;
                        "~^[A-Za-z0-9._:-]{8,128}$" $http_x_request_id;
                    }
                    # CORS: only the configured origins (ESSENCE_GATEWAY_CORS_ORIGINS) get an Access-Control-Allow-Origin.
                    map $http_origin $essence_cors_origin {
                        default "";
                %s    }
                    map $essence_cors_origin $essence_cors_headers {
                        "" "";
                        default "%s";
                    }
                    map $essence_cors_origin $essence_cors_exposed {
                        "" "";
                        default "%s";
                    }
                    map "$request_method:$essence_cors_origin:$http_access_control_request_method" $essence_preflight {
                        default 0;
                        "~^OPTIONS:.+:.+$" 1;
                    }
                    # The per-client limit: requests per second per client address, with a burst; over it a 429 problem.
                    limit_req_zone $binary_remote_addr zone=essence_per_client:10m rate=%dr/s;
                    limit_req_status 429;
                    limit_req_log_level warn;

                    # A body that stops arriving, or headers that trickle, are cut off (408); idle connections closed.
                    client_header_timeout 10s;
                    client_body_timeout 10s;
                    send_timeout 30s;
                    keepalive_timeout 30s;
                    proxy_http_version 1.1;
                    proxy_connect_timeout 2s;
                    proxy_send_timeout 60s;
                    proxy_read_timeout 130s;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Request-Id $essence_request_id;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;

                """.formatted(settings.logsDir().resolve("gateway-access.log"), corsOriginLines(),
                CORS_REQUEST_HEADERS, CORS_EXPOSED_HEADERS, settings.requestsPerSecond()));
        table.services().keySet().forEach(service -> out.append("    upstream ").append(service)
                .append(" { server 127.0.0.1:").append(port(service)).append("; keepalive 16; }\n"));
        out.append("\n    server {\n        listen ").append(settings.listen()).append(";\n");
        out.append("""
                        error_page 405 @essence_405;
                        error_page 408 @essence_408;
                        error_page 413 @essence_413;
                        error_page 429 @essence_429;
                        error_page 502 503 504 =503 @essence_unavailable;

                """);
        if (settings.openApiFile() != null) {
            out.append("        location = /openapi.json {\n")
                    .append("            limit_except GET { deny all; }\n")
                    .append("            add_header Access-Control-Allow-Origin $essence_cors_origin always;\n")
                    .append("            add_header X-Request-Id $essence_request_id always;\n")
                    .append("            alias ").append(settings.openApiFile()).append(";\n        }\n");
        }
        table.routes().forEach(route -> out.append(location(route)));
        out.append("""
                        # Anything not in the route table, /q/* (health, metrics, OpenAPI of one service) included.
                        location / {
                            default_type application/problem+json;
                            add_header X-Request-Id $essence_request_id always;
                            return 404 '%s';
                        }
                """.formatted(EdgeProblem.NOT_FOUND.json(REQUEST_ID)));
        out.append(problemLocation("essence_405", EdgeProblem.METHOD_NOT_ALLOWED));
        out.append(problemLocation("essence_408", EdgeProblem.REQUEST_TIMEOUT));
        out.append(problemLocation("essence_413", EdgeProblem.PAYLOAD_TOO_LARGE));
        out.append(problemLocation("essence_429", EdgeProblem.TOO_MANY_REQUESTS));
        out.append(problemLocation("essence_unavailable", EdgeProblem.UNAVAILABLE));
        out.append("    }\n}\n");
        return out.toString();
    }

    private String location(Route route) {
        StringBuilder out = new StringBuilder();
        out.append("        # ").append(String.join("/", route.methods())).append(' ').append(route.path())
                .append(" -> ").append(route.service()).append('\n');
        out.append("        location ").append(route.isTemplated() ? "~ " + route.pathRegex() : "= " + route.path())
                .append(" {\n");
        if (route.allowsCors()) {
            out.append("            if ($essence_preflight) { return 204; }\n");
        }
        List<String> methods = route.acceptedMethods();
        out.append("            if ($request_method !~ ^(").append(String.join("|", methods))
                .append(")$) { return 405; }\n");
        out.append("            client_max_body_size ").append(table.bodies().get(route.body())).append(";\n");
        if (route.isRateLimited()) {
            out.append("            limit_req zone=essence_per_client burst=").append(settings.burst())
                    .append(" nodelay;\n");
        }
        if (!"json".equals(route.body())) {
            // Uploads stream to the service, which checks type, quality and ownership as the bytes arrive.
            out.append("            proxy_request_buffering off;\n");
        }
        if (route.allowsCors()) {
            out.append("            add_header Access-Control-Allow-Origin $essence_cors_origin always;\n")
                    .append("            add_header Access-Control-Allow-Methods \"")
                    .append(String.join(", ", route.methods())).append("\" always;\n")
                    .append("            add_header Access-Control-Allow-Headers $essence_cors_headers always;\n")
                    .append("            add_header Access-Control-Expose-Headers $essence_cors_exposed always;\n")
                    .append("            add_header Access-Control-Max-Age 600 always;\n")
                    .append("            add_header Vary Origin always;\n");
        }
        out.append("            add_header X-Request-Id $essence_request_id always;\n");
        out.append("            proxy_pass http://").append(route.service()).append(";\n        }\n");
        return out.toString();
    }

    private static String problemLocation(String name, EdgeProblem problem) {
        return "        location @" + name + " {\n"
                + "            default_type application/problem+json;\n"
                + "            add_header Access-Control-Allow-Origin $essence_cors_origin always;\n"
                + "            add_header X-Request-Id $essence_request_id always;\n"
                + (problem.retryAfter() == null ? ""
                        : "            add_header Retry-After " + problem.retryAfter() + " always;\n")
                + "            return " + problem.status() + " '" + problem.json(REQUEST_ID) + "';\n"
                + "        }\n";
    }

    private String corsOriginLines() {
        return settings.corsOrigins().stream()
                .map(origin -> "        \"" + origin + "\" $http_origin;\n")
                .collect(Collectors.joining());
    }

    private int port(String service) {
        Integer port = settings.servicePorts().get(service);
        if (port == null) {
            throw new IllegalArgumentException("no port for service " + service);
        }
        return port;
    }
}
