// Package provider implements the gRPC resource provider for the
// command:local:Command resource, compatible with @pulumi/command v1.2.1.
package provider

import (
	"context"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Name is the plugin name the engine knows us by (pulumi-resource-<Name>).
const Name = "command"

// CommandType is the only resource type we serve.
const CommandType = "command:local:Command"

// Version is set at link time by build.sh (-X ...provider.Version=1.2.1) so
// the engine sees the same version the npm SDK asks for.
var Version = "0.0.0-dev"

// Logger receives the command's output lines; *provider.HostClient satisfies
// it. A nil Logger means output is only captured, not streamed.
type Logger interface {
	LogStatus(ctx context.Context, sev diag.Severity, urn resource.URN, msg string) error
}

// Server implements pulumirpc.ResourceProviderServer. RPCs we do not need
// (Invoke, Call, Construct, ...) fall through to the Unimplemented stubs.
type Server struct {
	pulumirpc.UnimplementedResourceProviderServer
	logger Logger

	// cancelCtx is cancelled by the engine's Cancel RPC; every running
	// command derives from it so Cancel stops them all.
	cancelCtx context.Context
	cancel    context.CancelFunc
	once      sync.Once
}

// New returns a provider server; logger may be nil.
func New(logger Logger) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{logger: logger, cancelCtx: ctx, cancel: cancel}
}

func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

func (s *Server) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	schema, err := schemaJSON()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetSchemaResponse{Schema: schema}, nil
}

// The provider has no configuration: accept whatever the engine sends
// (it always passes e.g. "version") and never ask for a provider replace.
func (s *Server) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (s *Server) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (s *Server) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	// AcceptSecrets/AcceptResources: we keep secrets and resource references
	// intact through our outputs. SupportsPreview: Create/Update get called
	// with preview=true and must not run anything.
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

func (s *Server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	s.once.Do(s.cancel)
	return &emptypb.Empty{}, nil
}
