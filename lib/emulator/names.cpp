// The emulator's names: default instance, number pools and their numbers, ARNs. Pure.
#include "emulator/model_rules.hpp"

#include <awsconnect/emulator.hpp>

#include <cstdio>

namespace awsconnect::emulator {
namespace {

std::string arn_of(const server_config& c, std::string_view resource) {
    std::string out = "arn:";
    out.append(model::partition_of(c.region)).append(":connect:").append(c.region);
    out.append(":").append(c.account_id).append(":").append(resource);
    return out;
}

std::string seven_digits(std::uint64_t index) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%07llu", static_cast<unsigned long long>(index));
    return buf;
}

}  // namespace

std::string default_instance_id() { return "11111111-1111-4111-8111-111111111111"; }

std::vector<number_pool> default_number_pools() {
    return {{"US", "TOLL_FREE", "+1800"},
            {"US", "DID", "+1206"},
            {"GB", "TOLL_FREE", "+44800"},
            {"GB", "DID", "+44207"}};
}

std::string pool_phone_number(const number_pool& pool, std::uint64_t index) {
    return pool.prefix + seven_digits(index);
}

std::string claimed_phone_number(std::uint64_t index) {
    if (index < 10'000'000) return "+1555" + seven_digits(index);
    char buf[32];
    std::snprintf(buf, sizeof buf, "+1555%010llu", static_cast<unsigned long long>(index));
    return buf;
}

result<number_pool> parse_number_pool(std::string_view text) {
    const auto first = text.find(':');
    const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
    if (second == std::string_view::npos)
        return make_error(errc::invalid_configuration,
                          "a number pool must be COUNTRY:TYPE:PREFIX, e.g. US:TOLL_FREE:+1800");
    number_pool p{std::string(text.substr(0, first)),
                  std::string(text.substr(first + 1, second - first - 1)),
                  std::string(text.substr(second + 1))};
    return p;
}

std::string instance_arn(const server_config& config, std::string_view instance_id) {
    return arn_of(config, "instance/" + std::string(instance_id));
}

std::string traffic_distribution_group_arn(const server_config& config, std::string_view id) {
    return arn_of(config, "traffic-distribution-group/" + std::string(id));
}

std::string phone_number_arn(const server_config& config, std::string_view phone_number_id) {
    return arn_of(config, "phone-number/" + std::string(phone_number_id));
}

}  // namespace awsconnect::emulator
