# botocore's side of the SigV4 cross-check (sigv4_crosscheck_test.cpp), for Debian's
# python3-botocore under /usr/bin/python3 -I. Reads the table (requests.json) and prints
# one JSON object per line.
#
#   botocore_sigv4.py sign TABLE ENDPOINT_URL
#       Each table row as botocore sends it: serialized from the Connect service model by
#       botocore's rest-json serializer, signed by botocore.auth.SigV4Auth on the AWSRequest
#       at the table's time with the row's credentials. Prints
#       {"name", "method", "target", "headers": [[name, value], ...], "body"}.
#       The Host header is not among the headers (the HTTP client adds it; botocore signs
#       the URL's host[:port]).
#
#   botocore_sigv4.py verify TABLE ENDPOINT_URL REQUESTS_FILE
#       REQUESTS_FILE: a JSON list of requests as another signer sent them, each
#       {"name", "method", "target", "headers": [[name, value], ...]}; "name" is a table
#       row's (a "control: " prefix is ignored). For each, botocore signs the same request
#       (the path as sent, the query's decoded parameters, the headers the request's
#       Authorization lists in SignedHeaders) at its X-Amz-Date with the row's credentials,
#       and prints {"name", "authorization", "canonical_request"}: the Authorization header
#       botocore computes, to compare byte for byte with the one sent.
import datetime
import json
import sys
from unittest import mock
from urllib.parse import unquote, urlsplit

import botocore
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.serialize
import botocore.session

SIGV4_TIMESTAMP = '%Y%m%dT%H%M%SZ'


def fixed_clock(amz_date):
    """botocore.auth reads the time from datetime.datetime.utcnow(): patch it to `amz_date`."""
    when = datetime.datetime.strptime(amz_date, SIGV4_TIMESTAMP)

    class FixedDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return when

    return mock.patch.object(botocore.auth.datetime, 'datetime', FixedDatetime)


def signer(table, row):
    c = table['credentials'][row['credentials']]
    creds = botocore.credentials.Credentials(c['access_key_id'], c['secret_access_key'],
                                             c.get('session_token'))
    return botocore.auth.SigV4Auth(creds, table['service'], table['region'])


def target_of(url):
    parts = urlsplit(url)
    return parts.path + ('?' + parts.query if parts.query else '')


def sign(table, endpoint_url):
    model = botocore.session.get_session().get_service_model('connect')
    operation = model.operation_model('ReleasePhoneNumber')
    serializer = botocore.serialize.create_serializer(model.metadata['protocol'], include_validation=True)
    for row in table['requests']:
        params = {'PhoneNumberId': row['phone_number_id']}
        if 'client_token' in row:
            params['ClientToken'] = row['client_token']
        request_dict = serializer.serialize_to_request(params, operation)
        botocore.awsrequest.prepare_request_dict(request_dict, endpoint_url=endpoint_url,
                                                 user_agent='botocore-crosscheck/' + botocore.__version__)
        request = botocore.awsrequest.create_request_object(request_dict)
        with fixed_clock(table['time']):
            signer(table, row).add_auth(request)
        prepared = request.prepare()
        body = prepared.body or b''
        if isinstance(body, str):
            body = body.encode('utf-8')
        print(json.dumps({'name': row['name'], 'method': prepared.method, 'target': target_of(prepared.url),
                          'headers': [[k, v if isinstance(v, str) else v.decode('ascii')]
                                      for k, v in prepared.headers.items()],
                          'body': body.decode('utf-8')}))


def header(headers, name):
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    raise KeyError(name)


def verify(table, endpoint_url, requests_file):
    rows = {row['name']: row for row in table['requests']}
    with open(requests_file, encoding='utf-8') as f:
        sent = json.load(f)
    for r in sent:
        row = rows[r['name'].removeprefix('control: ')]
        authorization = header(r['headers'], 'Authorization')
        signed = authorization.split('SignedHeaders=', 1)[1].split(',', 1)[0].split(';')
        headers = [(k, v) for k, v in r['headers'] if k.lower() in signed]
        path, _, query = r['target'].partition('?')
        # The query as a server reads it: decoded parameters, canonically re-encoded by the
        # signer (not the encoded text as sent).
        params = []
        if query:
            for pair in query.split('&'):
                k, _, v = pair.partition('=')
                params.append((unquote(k, errors='strict'), unquote(v, errors='strict')))
        request = botocore.awsrequest.AWSRequest(method=r['method'], url=endpoint_url + path,
                                                 headers=dict(headers), params=params, data=r.get('body', ''))
        with fixed_clock(header(r['headers'], 'X-Amz-Date')):
            auth = signer(table, row)
            auth.add_auth(request)
        authorization = request.headers['Authorization']
        # The canonical request botocore signed (for a mismatch's diagnosis): without the
        # Authorization header it just added.
        del request.headers['Authorization']
        print(json.dumps({'name': r['name'], 'authorization': authorization,
                          'canonical_request': auth.canonical_request(request)}))


def main():
    mode, table_file, endpoint_url = sys.argv[1:4]
    with open(table_file, encoding='utf-8') as f:
        table = json.load(f)
    if mode == 'sign':
        sign(table, endpoint_url)
    elif mode == 'verify':
        verify(table, endpoint_url, sys.argv[4])
    else:
        sys.exit('usage: botocore_sigv4.py sign|verify TABLE ENDPOINT_URL [REQUESTS_FILE]')


main()
