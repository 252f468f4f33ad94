// What the provider modules' Go tests share: a stand-in for the Pulumi engine that launches a plugin
// binary the way `pulumi up` does and dials it. Each provider module requires it through a replace line
// (../plugintest); its own requirements are at or below theirs, so it moves none of their versions.
module verifier.local/engine/plugintest

go 1.24.7

require (
	github.com/pulumi/pulumi/sdk/v3 v3.215.0
	google.golang.org/grpc v1.72.1
	google.golang.org/protobuf v1.36.6
)

require (
	golang.org/x/net v0.47.0 // indirect
	golang.org/x/sys v0.38.0 // indirect
	golang.org/x/text v0.31.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20250218202821-56aae31c358a // indirect
)
