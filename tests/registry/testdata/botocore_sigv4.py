# Recomputes SigV4 signatures with botocore's S3 signer (an independent implementation) for
# the cases on stdin (JSON list of {method, url, headers, region, secret, access_key}); the
# url is given in canonical (URI-encoded) form, since botocore signs S3 paths as given.
# Prints one signature per case, as a JSON list.
import json
import sys

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

out = []
for case in json.load(sys.stdin):
    request = AWSRequest(method=case["method"], url=case["url"], headers=case["headers"])
    request.context["timestamp"] = case["headers"]["x-amz-date"]
    auth = S3SigV4Auth(Credentials(case["access_key"], case["secret"]), "s3", case["region"])
    canonical = auth.canonical_request(request)
    out.append(auth.signature(auth.string_to_sign(request, canonical), request))
json.dump(out, sys.stdout)
