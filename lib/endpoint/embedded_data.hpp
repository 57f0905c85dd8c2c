// The endpoint data compiled into the library: the Amazon Connect endpoint rule set and
// the AWS partitions file, byte for byte as published by AWS (see data/NOTICE).
//
// The .cpp files defining these are generated at build time by tools/embed_file.py from
// lib/endpoint/data/*.json, so updating the data is a file copy, not a code edit. The
// views point at static storage and are valid for the whole program.
#pragma once

#include <string_view>

namespace awsconnect::endpoint::data {

/// data/connect-endpoint-rule-set.json (botocore's Connect endpoint rule set).
extern const std::string_view connect_rule_set_json;
/// data/partitions.json (the data aws.partition reads).
extern const std::string_view partitions_json;

}  // namespace awsconnect::endpoint::data
