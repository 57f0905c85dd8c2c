// awsconnect emulator: a local Amazon Connect phone-number service, the whole lifecycle.
//
// A real HTTP/1.1 server (TLS or plain, keep-alive) that verifies SigV4 like AWS (the body
// included), keeps an inventory of phone numbers with the service's semantics, throttles
// with a token bucket and injects faults by probability or by a deterministic script. The
// integration tests and the bench harness run it in-process; `awsconnect-emulator`
// (tools/emulator) runs it standalone. Official clients (AWS CLI, boto3) work against it
// unchanged apart from `--endpoint-url`.
//
// This header is the emulator's whole public face; Asio, Beast and OpenSSL stay behind
// `server`'s pointer to its implementation. The semantics are specified in
// shared/specs/lifecycle.md §3 and shared/specs/release-phone-number.md ("The emulator").
//
// Operations (restJson1, member names and errors as the Connect model has them):
//   POST   /phone-number/search-available    SearchAvailablePhoneNumbers
//   POST   /phone-number/claim               ClaimPhoneNumber          (body ClientToken)
//   GET    /phone-number/{PhoneNumberId}     DescribePhoneNumber
//   POST   /phone-number/list                ListPhoneNumbersV2
//   PUT    /phone-number/{PhoneNumberId}     UpdatePhoneNumber         (body ClientToken)
//   PUT    /phone-number/{PhoneNumberId}/metadata  UpdatePhoneNumberMetadata (body ClientToken)
//   DELETE /phone-number/{PhoneNumberId}     ReleasePhoneNumber        (query clientToken)
// Each request goes through: SigV4 (403 MissingAuthenticationTokenException,
// IncompleteSignatureException, UnrecognizedClientException, ExpiredTokenException,
// InvalidSignatureException incl. "Signature expired"; the payload hash is the SHA-256 of
// the body, and an x-amz-content-sha256 header must match it), the throttle (429
// ThrottlingException), the input's model constraints (400 InvalidParameterException),
// idempotency (below), then the inventory.
//
// The lifecycle of a number: available (searchable, claimable) -> claimed (status
// IN_PROGRESS for `claim_latency`, then CLAIMED; a new PhoneNumberId per claim) ->
// released (a cooldown of `cooldown`: neither searchable nor claimable, and its
// PhoneNumberId answers 404 to Describe, Update, UpdateMetadata and Release) -> available
// again. UpdatePhoneNumber moves a claimed number to another target (IN_PROGRESS for
// `update_latency`); while a number is IN_PROGRESS, Update, UpdateMetadata and Release
// answer 409 ResourceInUseException. Targets are instances (`instance_ids`) and traffic
// distribution groups, named by InstanceId or TargetArn (exactly one for Search, Claim and
// Update; at most one for List); a TargetArn of another account answers 403
// AccessDeniedException, an unknown one 404 ResourceNotFoundException (400
// InvalidParameterException for Search, which models no ResourceNotFound).
//
// Idempotency: for Claim, Update, UpdateMetadata and Release, a ClientToken seen within
// `idempotency_window` with the same operation and the same input replays the first answer
// and changes nothing; with another input it answers 409 IdempotencyException. Every answer
// of the operation proper is remembered except ResourceInUseException (a passing state of
// the number: a retry with the same token after it settles must be able to succeed). A
// request without a token (or with an empty one) has no idempotency. Tokens are scoped by
// operation.
//
// Credentials services on the same listener (shared/specs/credentials.md §4; wire shapes as
// the STS, SSO and SSO-OIDC models have them):
//   POST   /                        STS, awsQuery: a form body (Content-Type
//                                   application/x-www-form-urlencoded) with Action and
//                                   Version=2011-06-15:
//            Action=AssumeRole                SigV4-signed (scope service `sts`, the
//                                             emulator's region) with any credential the
//                                             emulator accepts, issued ones included (role
//                                             chains)
//            Action=AssumeRoleWithWebIdentity unsigned; WebIdentityToken must be a
//                                             well-formed JWT (three base64url parts, JSON
//                                             objects for header and payload, a string
//                                             `sub`; an `exp` in the past on the emulator's
//                                             clock answers ExpiredTokenException)
//          RoleArn arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME (allowed by `roles`),
//          RoleSessionName (2..64 of [\w+=,.@-]), DurationSeconds (900..43200, default 3600).
//          XML answers: AssumeRoleResponse / AssumeRoleWithWebIdentityResponse with
//          Credentials {AccessKeyId, SecretAccessKey, SessionToken, Expiration (ISO-8601)},
//          AssumedRoleUser {AssumedRoleId, Arn arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/
//          SESSION} (and SubjectFromWebIdentityToken, Audience, Provider) and
//          ResponseMetadata/RequestId (the x-amzn-RequestId header). Errors: an ErrorResponse
//          {Error {Type Sender, Code, Message}, RequestId}: 400 ValidationError (a member
//          missing or out of its constraints), 400 InvalidAction (another Action or
//          Version), 400 InvalidIdentityToken, 400 ExpiredTokenException (the JWT's exp),
//          403 AccessDenied (a role `roles` does not allow), and for the signature 403
//          MissingAuthenticationToken, IncompleteSignature, InvalidClientTokenId,
//          ExpiredToken, SignatureDoesNotMatch.
//   GET    /federation/credentials  SSO GetRoleCredentials (?role_name=&account_id=,
//                                   header x-amz-sso_bearer_token: a token of
//                                   `sso_access_tokens` or one CreateToken issued and not
//                                   expired; else 401 UnauthorizedException). A role of
//                                   another account or not allowed by `roles`: 403
//                                   ForbiddenException; a parameter missing: 400
//                                   InvalidRequestException. Answers {"roleCredentials":
//                                   {accessKeyId, secretAccessKey, sessionToken, expiration
//                                   (epoch milliseconds)}}, valid `sso_credentials_lifetime`.
//   POST   /token                   SSO-OIDC CreateToken (JSON body clientId, clientSecret,
//                                   grantType refresh_token, refreshToken). A client of
//                                   `oidc_clients` with its secret and one of its refresh
//                                   tokens (configured, or issued by an earlier CreateToken)
//                                   gets {"accessToken", "tokenType": "Bearer", "expiresIn",
//                                   "refreshToken"}: a new access token valid
//                                   `sso_token_lifetime` and a new refresh token. Errors
//                                   ({"error": ..., "error_description": ...}): 400
//                                   InvalidRequestException (bad JSON, a member missing),
//                                   401 InvalidClientException (unknown client or wrong
//                                   secret), 400 UnsupportedGrantTypeException (another
//                                   grantType), 400 InvalidGrantException (a refresh token
//                                   the client does not have).
// The temporary credentials these issue are accepted for Connect calls (and for
// AssumeRole: role chains) with their session token, until their expiration on the
// emulator's clock; then 403 ExpiredTokenException. Their ids, secrets and tokens (ASIA...
// access key ids) are drawn from a generator seeded with `seed` and the order of issue: a
// run is reproducible, and nobody should mistake them for secrets. These requests are
// never faulted and not Connect requests (`requests_total` and the outcome counters do
// not see them); each lands in its operation's counters (`commits`: credentials or tokens
// issued).
//
// Other paths and methods answer 404/405 UnknownOperationException. Every response has
// Date, x-amzn-RequestId, Content-Type and Content-Length; errors carry X-Amzn-ErrorType
// and a JSON body: {"Message": ...} for the model's exceptions (the model's member name),
// {"message": ...} for the front end's (authentication, unknown operation, bad HTTP).
//
// Thread safety: `server`'s member functions may be called from any thread, concurrently
// with the requests it serves. The plain structs are values.
// Exception safety: expected failures are `result` errors; only allocation failures throw.
#pragma once

#include <awsconnect/log.hpp>
#include <awsconnect/result.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect::emulator {

// ---------------------------------------------------------------------------------------
// Credentials and throttling

/// One accepted identity. A request signed with `access_key_id` must be signed with
/// `secret_access_key`, and carry `X-Amz-Security-Token: session_token` when it is set
/// (and no token when it is empty). Temporary credentials have an `expiration` (on the
/// emulator's clock): from then on their requests answer 403 ExpiredTokenException
/// ("The security token included in the request is expired"), as STS session
/// credentials do.
struct credential {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;
    std::optional<std::chrono::system_clock::time_point> expiration = std::nullopt;
};

/// The AWS documentation's example pair: AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY.
credential example_credential();

/// Parses "AKID:SECRET" or "AKID:SECRET:TOKEN" (the secret may not contain ':').
result<credential> parse_credential(std::string_view text);

/// Parses a list of credentials: entries "AKID:SECRET[:TOKEN]" separated by newlines or
/// commas; blank entries and lines starting with '#' are skipped; CRLF line ends and
/// spaces around an entry are ignored. The format of `--credentials-file` and of the
/// AWSCONNECT_EMULATOR_CREDENTIALS variable, which keep secrets out of argv (visible to
/// every local user in `ps`). Errors name the entry by its line (and position on the line),
/// never its text; a list without any entry is an error.
result<std::vector<credential>> parse_credential_list(std::string_view text);

/// A token bucket: `burst` requests at once, refilled at `rate` per second (of the
/// emulator's clock, so a frozen clock never refills). Beyond it: 429 ThrottlingException.
struct throttle_config {
    double rate = 0;   ///< tokens per second, > 0
    double burst = 0;  ///< bucket size, >= 1
};

/// Parses "RATE:BURST", e.g. "100:20".
result<throttle_config> parse_throttle(std::string_view text);

/// An SSO-OIDC client CreateToken accepts (the clientId / clientSecret / refreshToken that
/// `aws sso login` leaves in its cache file).
struct oidc_client {
    std::string client_id;
    std::string client_secret;
    std::vector<std::string> refresh_tokens;  ///< at least one
};

/// Parses "CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN" (none may contain ':').
result<oidc_client> parse_oidc_client(std::string_view text);

/// Parses a list of entries, one per line, in the comment and blank-line rules of
/// parse_credential_list: OIDC clients ("CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN"; the same
/// client on several lines gathers their refresh tokens, and must give the same secret) for
/// `--oidc-clients-file`, and bare tokens for `--sso-tokens-file`. Errors name the line,
/// never its text; a list without any entry is an error.
result<std::vector<oidc_client>> parse_oidc_client_list(std::string_view text);
result<std::vector<std::string>> parse_token_list(std::string_view text);

// ---------------------------------------------------------------------------------------
// Fault injection
//
// Grammar of a fault spec (whitespace around items is ignored; "" means no faults):
//
//   spec      := item { "," item }
//   item      := fault ":" PROBABILITY          a random rule, PROBABILITY in [0, 1]
//              | [ "script:" ] N "=" fault      request number N (1, 2, ...) gets the fault
//   fault     := CODE [ "-" BODY ]              CODE 500 | 502 | 503 | 504; BODY json (the
//                                               default, with X-Amzn-ErrorType) | html | empty
//              | "429"                          429 ThrottlingException
//              | "delay=" DURATION              wait, then handle the request normally
//              | "reset-before"                 TCP reset before handling: nothing committed
//              | "reset-after-commit"           handle (the number IS released), then reset
//                                               instead of answering: a retry with the same
//                                               token gets the replayed success
//              | "idle-close=" DURATION         answer normally (keep-alive, no
//                                               `Connection: close`), then close the
//                                               connection once it has been idle DURATION
//              | "truncate"                     handle (commit), then send the response with
//                                               a Content-Length larger than the bytes sent,
//                                               and close
//              | "garbage"                      bytes that are not HTTP instead of a
//                                               response (nothing committed), then close
//              | "stall"                        never answer (nothing committed); the
//                                               connection stays open until the client
//                                               closes it or the emulator stops
//              | "none"                         no fault (e.g. to pin a scripted request)
//   DURATION  := INTEGER [ "ms" | "s" ]         milliseconds when no unit is given
//
// Examples: "503:0.05,reset-before:0.01,delay=200ms:0.02"
//           "script:3=503-html,5=reset-after-commit"   (later items may omit "script:")
//           "script:1=stall,500:0.1"                   (script and random rules mix)
//
// Request numbers count the Connect requests (admin requests excluded) since the server
// started, since `set_faults` or since `reset_counters`, whichever came last. A scripted
// number takes its scripted fault; any other request draws one random rule (at most one
// fault per request) from a generator seeded with `server_config::seed` and the request
// number, so a run is reproducible. Probabilities add up to at most 1. Injected faults
// (except delay, idle-close, reset-after-commit and truncate) skip authentication and
// handling entirely.

enum class fault_kind : std::uint8_t {
    none,                ///< handle normally
    delay,               ///< sleep `duration`, then handle normally
    http_error,          ///< answer `status` (500/502/503/504) with `body`, no handling
    throttle,            ///< answer 429 ThrottlingException, no handling
    reset_before,        ///< reset the connection, no handling
    reset_after_commit,  ///< handle, then reset instead of answering
    idle_close,          ///< handle and answer, then close after `duration` idle
    truncate,            ///< handle, then send a truncated response and close
    garbage,             ///< send bytes that are not HTTP and close, no handling
    stall,               ///< never answer, no handling
};

enum class error_body : std::uint8_t {
    json,   ///< {"message": ...} with X-Amzn-ErrorType (restJson1)
    html,   ///< a load balancer's HTML page, no X-Amzn-ErrorType
    empty,  ///< Content-Length: 0, no X-Amzn-ErrorType
};

struct fault {
    fault_kind kind = fault_kind::none;
    int status = 0;                         ///< http_error only: 500, 502, 503 or 504
    error_body body = error_body::json;     ///< http_error only
    std::chrono::milliseconds duration{0};  ///< delay and idle_close only

    friend bool operator==(const fault&, const fault&) = default;
};

struct random_fault {
    fault what;
    double probability = 0;
};

struct scripted_fault {
    std::uint64_t request_number = 0;  ///< 1-based
    fault what;
};

struct fault_spec {
    std::vector<random_fault> random;    ///< in the order given
    std::vector<scripted_fault> script;  ///< sorted by request number, no duplicates

    bool empty() const noexcept { return random.empty() && script.empty(); }
};

/// Parses the grammar above. Errors (errc::invalid_configuration) name the item and what
/// was expected.
result<fault_spec> parse_fault_spec(std::string_view text);

/// The spec written back in the grammar (script items first); parses to an equal spec.
std::string to_string(const fault_spec& spec);
/// "503-html", "delay=200ms", "reset-before", ...
std::string to_string(const fault& f);
/// "delay", "http_error", ... (the enumerator's name)
std::string_view to_string(fault_kind k) noexcept;

// ---------------------------------------------------------------------------------------
// Configuration

/// The state of one phone number, as the emulator sees it now (by PhoneNumberId).
enum class number_state : std::uint8_t {
    unknown,   ///< no such id (never claimed, or an earlier claim's id): 404
    claimed,   ///< claimed (IN_PROGRESS or CLAIMED): releasable when CLAIMED
    in_use,    ///< claimed and marked in use: Release answers 409 ResourceInUseException
    released,  ///< in its cooldown: 404
};

/// The deterministic id of the claimed number `index` (--claim-count):
/// "00000000-0000-4000-8000-" + 12 lower-case hex digits of the index.
std::string claimed_phone_number_id(std::uint64_t index);
/// Its E.164 number: "+1555" and the index as 7 digits (a US DID; the pool of pre-claimed
/// numbers, which become available like any other after their release and cooldown).
std::string claimed_phone_number(std::uint64_t index);

/// A range of numbers the emulator offers for one country and type: `prefix` followed by
/// the index as 7 digits, for indexes 0 .. server_config::available_per_pool - 1.
struct number_pool {
    std::string country;  ///< a PhoneNumberCountryCode of the model, e.g. "US"
    std::string type;     ///< a PhoneNumberType of the model, e.g. "TOLL_FREE"
    std::string prefix;   ///< "+" and 1 to 8 digits, the first not 0, e.g. "+1800"

    friend bool operator==(const number_pool&, const number_pool&) = default;
};

/// US TOLL_FREE +1800, US DID +1206, GB TOLL_FREE +44800, GB DID +44207.
std::vector<number_pool> default_number_pools();
/// The number `index` of `pool`: prefix + the index as 7 digits.
std::string pool_phone_number(const number_pool& pool, std::uint64_t index);

/// Parses "COUNTRY:TYPE:PREFIX", e.g. "US:TOLL_FREE:+1800".
result<number_pool> parse_number_pool(std::string_view text);

/// The instance that exists when `server_config::instance_ids` is left alone:
/// "11111111-1111-4111-8111-111111111111".
std::string default_instance_id();

struct server_config {
    /// The emulator's own log lines (<awsconnect/log.hpp>, component "emulator": a request
    /// handler that threw, at error level). Default: on stderr. It writes nothing else.
    log_config logger;

    // Where and how to listen.
    std::string listen_host = "127.0.0.1";  ///< an IP address
    std::uint16_t port = 0;                 ///< 0: pick a free port
    bool tls = true;                        ///< false: plain HTTP
    /// PEM certificate (chain) and private key; both empty: a self-signed certificate for
    /// IP:127.0.0.1 and DNS:localhost with an EC P-256 key is generated at start and its
    /// PEM written to a temporary file (`server::ca_file()`, removed at stop).
    std::string cert_file;
    std::string key_file;
    int threads = 1;  ///< threads running the server's io_context

    // Who may call, and where.
    std::vector<credential> credentials = {example_credential()};
    std::string region = "us-east-1";  ///< the credential scope must name it (and `connect`)

    // The credentials services (above): who may obtain temporary credentials.
    /// The roles AssumeRole, AssumeRoleWithWebIdentity and GetRoleCredentials may give:
    /// role ARNs, arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME (GetRoleCredentials names a
    /// role by its NAME and ACCOUNT). Empty: any role of `account_id`.
    std::vector<std::string> roles;
    /// Access tokens GetRoleCredentials accepts (x-amz-sso_bearer_token), never expiring;
    /// besides those CreateToken issues.
    std::vector<std::string> sso_access_tokens;
    /// The clients CreateToken accepts.
    std::vector<oidc_client> oidc_clients;
    /// How long GetRoleCredentials' credentials live (1 s .. 12 h).
    std::chrono::seconds sso_credentials_lifetime{3600};
    /// expiresIn of the access tokens CreateToken issues (1 s .. 24 h).
    std::chrono::seconds sso_token_lifetime{3600};

    // Targets: the instances and traffic distribution groups of `account_id` in `region`.
    // ARNs: arn:PARTITION:connect:REGION:ACCOUNT:instance/ID,
    // ...:traffic-distribution-group/ID and ...:phone-number/ID (PARTITION from the region).
    std::string account_id = "123456789012";  ///< 12 digits
    /// Instance ids (1..100 characters, no '/' or ':'); the first is the target of the
    /// pre-claimed numbers. At least one.
    std::vector<std::string> instance_ids = {default_instance_id()};
    std::vector<std::string> traffic_distribution_group_ids;  ///< same rules

    // Inventory.
    /// The numbers offered, `available_per_pool` of each pool (at most 10,000,000). Pool
    /// prefixes may not overlap each other nor +1555 (pre-claimed numbers) or +1999
    /// (claim-any numbers).
    std::vector<number_pool> number_pools = default_number_pools();
    std::uint64_t available_per_pool = 100;
    /// Claims claimed_phone_number_id(0 .. n-1) (numbers claimed_phone_number(0 .. n-1)) on
    /// the first instance, CLAIMED.
    std::uint64_t claim_count = 0;
    std::vector<std::string> claimed_ids;  ///< more claimed ids (UUIDs or ARNs), numbers +1555...
    std::vector<std::string> in_use_ids;   ///< numbers that answer 409 ResourceInUseException
    /// Every well-formed unknown id counts as a claimed number (throughput runs): a US DID
    /// +1999..., on the first instance, released at most once per cooldown, claimed again
    /// after it. Such numbers are not searchable, and List shows them only once something
    /// other than a release touched them.
    bool claim_any = false;
    /// How long a claimed or updated number stays IN_PROGRESS (emulator clock).
    std::chrono::milliseconds claim_latency{0};
    std::chrono::milliseconds update_latency{0};

    // Behaviour.
    std::optional<throttle_config> throttle;  ///< none: never throttle
    fault_spec faults;
    std::uint64_t seed = 0;  ///< seeds fault draws and request ids

    // Time. The emulator's clock (Date header, signature expiry, cooldown, idempotency
    // window, throttle refill) is the system clock plus `clock_offset`, or frozen at
    // `fixed_time` when set (then it moves only by server::advance_clock / set_clock).
    std::chrono::system_clock::duration clock_offset{0};
    std::optional<std::chrono::system_clock::time_point> fixed_time;
    std::chrono::seconds idempotency_window{24 * 3600};  ///< tokens are remembered this long
    std::chrono::seconds cooldown{30 * 24 * 3600};       ///< released numbers stay 404 at least this long
    std::chrono::seconds max_signature_skew{300};        ///< X-Amz-Date vs the clock

    // Limits.
    std::size_t max_header_bytes = 8 * 1024;   ///< beyond: 431, connection closed
    std::size_t max_body_bytes = 64 * 1024;    ///< beyond: 413, connection closed
    /// Keep-alive connections idle this long are closed (0: never).
    std::chrono::milliseconds idle_timeout{60'000};

    /// Serve the admin paths (GET /__emulator/counters, POST /__emulator/counters/reset,
    /// GET /__emulator/health). They are unauthenticated, outside Connect's paths, never
    /// faulted and never counted as Connect requests.
    bool admin_paths = true;
    /// Let POST /__emulator/counters/reset reset the counters. Off by default: the admin
    /// paths are unauthenticated, so anyone who can reach the port could otherwise wipe
    /// the evidence (released_twice excepted) of a run; off, it answers 403
    /// AccessDeniedException. `server::reset_counters()` works either way.
    bool allow_counters_reset = false;
    /// Let POST /__emulator/clock {"advance_seconds": N} move the emulator's clock (GET
    /// /__emulator/clock reads it either way). Off by default, for the same reason:
    /// moving the clock ends cooldowns, idempotency windows and credentials' lives.
    bool allow_clock_control = false;
};

/// arn:PARTITION:connect:REGION:ACCOUNT:instance/ID for `config`'s region and account.
std::string instance_arn(const server_config& config, std::string_view instance_id);
/// ...:traffic-distribution-group/ID
std::string traffic_distribution_group_arn(const server_config& config, std::string_view id);
/// ...:phone-number/ID
std::string phone_number_arn(const server_config& config, std::string_view phone_number_id);

// ---------------------------------------------------------------------------------------
// Counters

/// Faults injected, by kind.
struct fault_counters {
    std::uint64_t delay = 0;
    std::uint64_t http_500 = 0;
    std::uint64_t http_502 = 0;
    std::uint64_t http_503 = 0;
    std::uint64_t http_504 = 0;
    std::uint64_t throttle = 0;  ///< injected 429
    std::uint64_t reset_before = 0;
    std::uint64_t reset_after_commit = 0;
    std::uint64_t idle_close = 0;  ///< connections armed to close when idle
    std::uint64_t truncate = 0;
    std::uint64_t garbage = 0;
    std::uint64_t stall = 0;

    std::uint64_t total() const noexcept;
};

/// What one operation has seen: every request routed to it (authenticated or not) lands
/// in `ok` or `errors`.
struct operation_counters {
    std::uint64_t requests = 0;
    std::uint64_t ok = 0;       ///< 200 (replays included)
    std::uint64_t errors = 0;   ///< any error it answered (authentication included)
    std::uint64_t commits = 0;  ///< changes to the inventory (claims, moves, releases, ...)
    std::uint64_t replays = 0;  ///< first answers replayed for a ClientToken
};

/// What the emulator has seen. Every Connect request lands in exactly one outcome field
/// (or in `faults` for the injected kinds that answer instead of the handler).
struct counters {
    std::uint64_t requests_total = 0;  ///< Connect requests (admin excluded)

    // Outcomes.
    std::uint64_t ok = 0;                            ///< 200 (replays included)
    std::uint64_t invalid_parameter = 0;             ///< 400 InvalidParameterException
    std::uint64_t bad_request = 0;                   ///< 400/413/431: malformed HTTP, limits
    std::uint64_t missing_authentication_token = 0;  ///< 403
    std::uint64_t incomplete_signature = 0;          ///< 403 IncompleteSignatureException
    std::uint64_t unrecognized_client = 0;           ///< 403 unknown key or wrong session token
    std::uint64_t expired_token = 0;                 ///< 403 ExpiredTokenException (credential expired)
    std::uint64_t invalid_signature = 0;             ///< 403 signature or scope mismatch
    std::uint64_t signature_expired = 0;             ///< 403 X-Amz-Date beyond the skew
    std::uint64_t not_found = 0;                     ///< 404 ResourceNotFoundException
    std::uint64_t access_denied = 0;                 ///< 403 AccessDeniedException (another account's TargetArn)
    /// 404/405 UnknownOperationException; also STS forms without a known Action and
    /// Version (400 MissingAction / InvalidAction), which are not in `requests_total`.
    std::uint64_t unknown_operation = 0;
    std::uint64_t in_use = 0;                        ///< 409 ResourceInUseException
    std::uint64_t idempotency_conflict = 0;          ///< 409 IdempotencyException
    std::uint64_t throttled = 0;                     ///< 429 from the token bucket
    std::uint64_t injected_5xx = 0;                  ///< 5xx answered by a fault
    std::uint64_t injected_429 = 0;                  ///< 429 answered by a fault

    // The inventory.
    std::uint64_t commits = 0;             ///< numbers released
    std::uint64_t idempotent_replays = 0;  ///< first answers replayed for a token (any operation)
    /// Releases of a number already released: the state machine makes it impossible, this
    /// counter proves it. Must stay 0.
    std::uint64_t released_twice = 0;
    /// Claims of a number already claimed: the same kind of tripwire. Must stay 0.
    std::uint64_t claimed_twice = 0;

    // Per operation.
    operation_counters search_available_phone_numbers;
    operation_counters claim_phone_number;
    operation_counters describe_phone_number;
    operation_counters list_phone_numbers_v2;
    operation_counters update_phone_number;
    operation_counters update_phone_number_metadata;
    operation_counters release_phone_number;

    // The credentials services (not Connect requests: only here). `commits`: credentials
    // or tokens issued.
    operation_counters assume_role;
    operation_counters assume_role_with_web_identity;
    operation_counters get_role_credentials;
    operation_counters create_token;

    fault_counters faults;

    // Connections.
    std::uint64_t connections_accepted = 0;
    std::uint64_t connections_open = 0;  ///< a gauge, not reset
    std::uint64_t tls_handshakes = 0;    ///< completed, resumed ones included
    std::uint64_t tls_resumed = 0;
    std::uint64_t admin_requests = 0;

    /// CPU time used so far by the server's threads (not reset).
    std::chrono::nanoseconds cpu_time{0};
};

/// The counters as one JSON object (the admin path's body), e.g.
/// {"requests_total":3,"ok":2,...,"faults":{"delay":0,...},"operations":
/// {"ClaimPhoneNumber":{"requests":1,"ok":1,"errors":0,"commits":1,"replays":0},...,
/// "AssumeRole":{...},"AssumeRoleWithWebIdentity":{...},"GetRoleCredentials":{...},
/// "CreateToken":{...}},"cpu_time_ns":123}.
std::string to_json(const counters& c);

// ---------------------------------------------------------------------------------------
// The server

/// A running emulator. `start` returns once it listens; the destructor stops it.
class server {
public:
    /// Validates `config`, prepares TLS, binds and starts the threads.
    /// Errors: errc::invalid_configuration with a message (bad ids, bad files, cannot
    /// bind, ...).
    static result<std::unique_ptr<server>> start(server_config config);

    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// "https://127.0.0.1:PORT" (or http://), ready for --endpoint-url.
    const std::string& url() const noexcept;
    std::uint16_t port() const noexcept;
    /// The PEM file that verifies the server's certificate; empty for plain HTTP.
    const std::string& ca_file() const noexcept;
    const server_config& config() const noexcept;

    /// Closes the listener and every connection (stalled ones too) and joins the threads.
    /// Idempotent; the destructor calls it.
    void stop();

    counters get_counters() const;
    /// Zeroes the counters (except connections_open, cpu_time, and released_twice and
    /// claimed_twice, which are tripwires) and restarts request numbering. The inventory is
    /// not touched.
    void reset_counters();

    /// Replaces the fault spec; request numbering restarts at 1.
    void set_faults(fault_spec spec);
    void set_throttle(std::optional<throttle_config> throttle);

    /// The emulator's clock.
    std::chrono::system_clock::time_point now() const;
    /// Moves the clock (frozen or not) forward by `d` (backward if negative).
    void advance_clock(std::chrono::system_clock::duration d);
    /// Freezes the clock at `t`.
    void set_clock(std::chrono::system_clock::time_point t);

    /// Inventory changes at run time. Ids are UUIDs or phone-number ARNs; false if malformed.
    /// An id the emulator does not know gets the next pre-claimed number (+1555...) on the
    /// first instance; `claim` makes the id's number claimed (CLAIMED, not in use) again.
    bool claim(std::string_view phone_number_id);
    bool mark_in_use(std::string_view phone_number_id);
    number_state state_of(std::string_view phone_number_id) const;

    class impl;

private:
    explicit server(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

}  // namespace awsconnect::emulator
