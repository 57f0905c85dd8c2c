// AWS partitions: the data behind the rules-engine function `aws.partition`.
//
// A partitions file (data/partitions.json) lists each partition (aws, aws-cn, aws-us-gov,
// aws-iso, ...) with its outputs (name, dnsSuffix, dualStackDnsSuffix, supportsFIPS,
// supportsDualStack, implicitGlobalRegion), a regionRegex and its known regions. The
// table is parsed and checked once (regexes compiled once); a lookup is then a map find
// or a few regex matches. Lookups on a const table are safe from several threads.
#pragma once

#include "endpoint/rules_error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect::endpoint {

class partition_table {
public:
    /// Checks and loads a parsed partitions document ({"partitions": [...], ...}).
    static rules_result<partition_table> parse(const boost::json::value& doc);
    /// The same from JSON text (a JSON syntax error is `malformed_partitions`).
    static rules_result<partition_table> parse(std::string_view json_text);

    /// The outputs of the partition `region` belongs to, as `aws.partition` returns them:
    /// 1. a partition that lists `region` among its regions (that region's own outputs, if
    ///    any, override the partition's);
    /// 2. else the first partition whose regionRegex matches `region`;
    /// 3. else the "aws" partition.
    /// Null only if nothing matched and the table has no "aws" partition. The object lives
    /// as long as the table.
    const boost::json::object* find(std::string_view region) const;

    /// The partition ids, in file order ("aws", "aws-cn", ...).
    std::vector<std::string> ids() const;

private:
    struct partition {
        std::string id;
        boost::json::object outputs;
        std::regex region_regex;
    };
    std::vector<partition> partitions_;
    /// Every listed region with its merged outputs (the first partition listing it wins).
    std::map<std::string, boost::json::object, std::less<>> regions_;
    std::optional<std::size_t> aws_index_;
};

}  // namespace awsconnect::endpoint
