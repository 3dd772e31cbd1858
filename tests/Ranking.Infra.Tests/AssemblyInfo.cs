// The jsii runtime behind Amazon.CDK.Lib is one node process per test process; synthesising stacks from several
// threads at once is not supported by it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
