#!/usr/bin/env bash
# Builds the Pulumi CLI into OUTDIR from this module (pkg/v3 at the version pinned in go.mod), with the
# version the CLI reports set to that same version (`pulumi version`, plugin compatibility checks).
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
cd "$(dirname "$0")"
version=$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3) \
  || { echo "error [ENGINE_BUILD]: cannot resolve github.com/pulumi/pulumi/pkg/v3 from engine/cli/go.mod (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))" >&2; exit 1; }
echo "… engine: pulumi CLI $version (go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)" >&2
go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
  -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  || { echo "error [ENGINE_BUILD]: go build of the pulumi CLI $version failed (output above); engine/cli/go.mod pins it" >&2; exit 1; }
