package provider

import "encoding/json"

// schemaJSON builds, in code, a Pulumi package schema covering the one
// resource we implement. Property names/types match @pulumi/command v1.2.1;
// descriptions are our own and short. The engine only needs this for some
// operations (e.g. `pulumi import`, converters), never for up/preview.
func schemaJSON() (string, error) {
	str := map[string]any{"type": "string"}
	strList := map[string]any{"type": "array", "items": str}
	prop := func(base map[string]any, desc string) map[string]any {
		p := map[string]any{"description": desc}
		for k, v := range base {
			p[k] = v
		}
		return p
	}
	inputs := map[string]any{
		pCreate:       prop(str, "The command to run on resource creation (and on update when `update` is not set)."),
		pUpdate:       prop(str, "The command to run when inputs change; defaults to `create`."),
		pDelete:       prop(str, "The command to run on resource deletion."),
		pTriggers:     prop(map[string]any{"type": "array", "items": map[string]any{"$ref": "pulumi.json#/Any"}, "replaceOnChanges": true}, "Changing any of these values replaces the resource."),
		pStdin:        prop(str, "Passed to the command's standard input."),
		pLogging:      prop(map[string]any{"$ref": "#/types/command:local:Logging"}, "Which output streams are logged; defaults to stdoutAndStderr."),
		pInterpreter:  prop(strList, `The program and arguments to run the command; defaults to ["/bin/sh", "-c"].`),
		pDir:          prop(str, "The directory to run the command in."),
		pEnvironment:  prop(map[string]any{"type": "object", "additionalProperties": str}, "Additional environment variables."),
		pAssetPaths:   prop(strList, "Path globs to read as assets after the command (not supported by this build)."),
		pArchivePaths: prop(strList, "Path globs to return as one archive (not supported by this build)."),
		pAddPrevOut:   prop(map[string]any{"type": "boolean"}, "Pass the previous stdout/stderr as PULUMI_COMMAND_STDOUT/STDERR; defaults to true."),
	}
	props := map[string]any{
		pStdout:   prop(str, "The standard output of the command, trailing newline trimmed."),
		pStderr:   prop(str, "The standard error of the command, trailing newline trimmed."),
		"assets":  prop(map[string]any{"type": "object", "additionalProperties": map[string]any{"$ref": "pulumi.json#/Asset"}}, "Assets found after the command."),
		"archive": prop(map[string]any{"$ref": "pulumi.json#/Archive"}, "Archive of files found after the command."),
	}
	for k, v := range inputs {
		props[k] = v
	}
	var enum []map[string]any
	for _, v := range loggingValues {
		enum = append(enum, map[string]any{"name": v, "value": v})
	}
	schema := map[string]any{
		"name":     Name,
		"version":  Version,
		"config":   map[string]any{},
		"provider": map[string]any{},
		"types": map[string]any{
			"command:local:Logging": map[string]any{"type": "string", "enum": enum},
		},
		"resources": map[string]any{
			CommandType: map[string]any{
				"description":     "A local command to be executed.",
				"inputProperties": inputs,
				"properties":      props,
				"required":        []string{pStdout, pStderr},
			},
		},
	}
	b, err := json.Marshal(schema)
	return string(b), err
}
