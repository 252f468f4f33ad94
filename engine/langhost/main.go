// Command pulumi-language-nodejs is the verifier's own Pulumi language host for Node.js.
//
// The Pulumi CLI finds `pulumi-language-nodejs` on PATH, starts it with the engine's gRPC
// address as the last argument, reads the port we print on stdout and then calls the
// LanguageRuntime RPCs on it. We exist because the upstream host's Go module is not
// obtainable from the module mirror this machine uses; the protocol types and gRPC helpers
// come from github.com/pulumi/pulumi/sdk/v3, which is.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is what GetPluginInfo reports. It tracks the @pulumi/pulumi SDK the repo pins, so the
// CLI's compatibility checks see the same version the upstream host would report.
var version = "3.248.0"

func main() {
	// The CLI may pass these flags to any language host; we accept them so parsing never fails,
	// but tracing is not forwarded (the verifier does not collect Pulumi traces).
	flag.String("tracing", "", "tracing endpoint (accepted, ignored)")
	flag.String("runtime", "nodejs", "runtime (only nodejs is supported)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}

	engineAddress := ""
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1] // the CLI puts the engine address last
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cancel := make(chan bool)
	go func() { <-ctx.Done(); close(cancel) }()

	// Exit on our own when the engine goes away, so no orphaned host outlives a killed CLI.
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			fail("cannot health-check the engine at %s: %v", engineAddress, err)
		}
	}

	host := newHost(engineAddress)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fail("cannot start the gRPC server: %v", err)
	}

	// The CLI reads exactly this line to learn where to connect.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fail("gRPC server stopped: %v", err)
	}
}

// fail prints one line naming the failure and exits non-zero; the CLI shows our stderr.
func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: "+format+"\n", args...)
	os.Exit(1)
}
