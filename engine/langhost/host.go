package main

import (
	"context"
	"fmt"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

// host implements the LanguageRuntime service. Embedding the Unimplemented server makes every
// RPC we do not support (code generation, Pack, Link, Template, GetRequiredPlugins, ...) fail
// with codes.Unimplemented and a message naming the method, which the CLI reports or falls back
// from; the RPCs a deployment needs are implemented in this package.
type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	// cancelled is closed by the Cancel RPC so running Node processes get interrupted.
	cancelled chan struct{}
	cancelOne sync.Once
}

func newHost(engineAddress string) *host {
	return &host{engineAddress: engineAddress, cancelled: make(chan struct{})}
}

func (h *host) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// Handshake is only sent when the CLI attaches to an already-running host
// (PULUMI_DEBUG_LANGUAGES); it carries the engine address we otherwise get on the command line.
func (h *host) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	h.engineAddress = req.GetEngineAddress()
	h.mu.Unlock()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// RuntimeOptionsPrompts is used by `pulumi new`; the upstream host asks for a package manager,
// but this repository always uses npm, so there is nothing to ask.
func (h *host) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// InstallDependencies runs nothing: the repository installs node_modules with `npm ci` from its
// lock file before Pulumi runs, and a second installer would race it or change the tree.
func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	msg := fmt.Sprintf("pulumi-language-nodejs: not installing dependencies in %s; "+
		"this repository installs them with `npm ci` in the project root\n",
		req.GetInfo().GetProgramDirectory())
	return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: []byte(msg)})
}

// About is called on every update to record metadata, and by `pulumi about`.
func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := findNode()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    nodeVersion(ctx, nodeBin),
		Metadata:   map[string]string{"packagemanager": "npm"},
	}, nil
}

// Cancel is sent when the user interrupts the CLI; running programs and policy packs get SIGINT.
func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelOne.Do(func() { close(h.cancelled) })
	return &emptypb.Empty{}, nil
}

// withCancel returns a context that also ends when the Cancel RPC arrives.
func (h *host) withCancel(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-h.cancelled:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
