package provider

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

// outputs = all inputs (secrets kept) + stdout + stderr, as in pulumi-command.
func outputs(inputs resource.PropertyMap, stdout, stderr resource.PropertyValue) resource.PropertyMap {
	out := inputs.Copy()
	out[pStdout], out[pStderr] = stdout, stderr
	return out
}

// unknown marks stdout/stderr "computed" during preview: the command has not
// run, so dependents must not see a made-up value.
var unknown = resource.MakeComputed(resource.NewStringProperty(""))

func (s *Server) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	urn := resource.URN(req.GetUrn())
	if err := checkType(string(urn)); err != nil {
		return nil, err
	}
	inputs, err := unmarshal("create.properties", req.GetProperties())
	if err != nil {
		return nil, err
	}
	id, err := resource.NewUniqueHex(urn.Name(), 8, 0) // same ID shape as pulumi-command
	if err != nil {
		return nil, err
	}
	out := outputs(inputs, resource.NewStringProperty(""), resource.NewStringProperty(""))
	if req.GetPreview() {
		out = outputs(inputs, unknown, unknown)
	} else if _, ok := str(inputs, pCreate); ok {
		res, err := s.run(ctx, urn, pCreate, inputs, nil)
		if err != nil {
			return nil, err // nothing recorded: the next `pulumi up` runs create again
		}
		out = outputs(inputs, resource.NewStringProperty(res.stdout), resource.NewStringProperty(res.stderr))
	}
	props, err := marshal("create.outputs", out)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Update runs `update`, or `create` when no update command is given. With
// neither, the previous stdout/stderr are carried over.
func (s *Server) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	urn := resource.URN(req.GetUrn())
	if err := checkType(string(urn)); err != nil {
		return nil, err
	}
	olds, err := unmarshal("update.olds", req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal("update.news", req.GetNews())
	if err != nil {
		return nil, err
	}
	which := pUpdate
	if _, ok := str(news, pUpdate); !ok {
		which = pCreate
	}
	out := outputs(news, olds[pStdout], olds[pStderr])
	if _, ok := str(news, which); ok {
		if req.GetPreview() {
			out = outputs(news, unknown, unknown)
		} else {
			res, err := s.run(ctx, urn, which, news, olds)
			if err != nil {
				return nil, err // the engine keeps the old state
			}
			out = outputs(news, resource.NewStringProperty(res.stdout), resource.NewStringProperty(res.stderr))
		}
	}
	props, err := marshal("update.outputs", out)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// Delete runs `delete` (with the stored dir/environment/interpreter and the
// last stdout/stderr in PULUMI_COMMAND_STDOUT/STDERR); without it, nothing.
func (s *Server) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	urn := resource.URN(req.GetUrn())
	if err := checkType(string(urn)); err != nil {
		return nil, err
	}
	state, err := unmarshal("delete.properties", req.GetProperties())
	if err != nil {
		return nil, err
	}
	if _, ok := str(state, pDelete); ok {
		if _, err := s.run(ctx, urn, pDelete, state, state); err != nil {
			return nil, err
		}
	}
	return &emptypb.Empty{}, nil
}

// Read returns the state as is: a command has nothing external to refresh.
func (s *Server) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}
