using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace Ranking.Infra.Observability;

/// <summary>
/// Alarms on what means a user or a feed is being served badly, all notifying one SNS topic (optionally an e-mail),
/// and a dashboard of the ranking metrics beside the AWS service metrics they explain.
/// </summary>
internal sealed partial class RankingObservability : Construct
{
    private readonly List<Alarm> _alarms = [];

    public RankingObservability(Construct scope, string id, RankingObservabilityProps props)
        : base(scope, id)
    {
        AlarmTopicKey = CreateAlarmTopicKey(props);
        AlarmTopic = CreateAlarmTopic(props, AlarmTopicKey);
        CreateAlarms(props);
        var action = new SnsAction(AlarmTopic);
        foreach (var alarm in _alarms)
        {
            alarm.AddAlarmAction(action);
            alarm.AddOkAction(action);
        }

        Dashboard = CreateDashboard(props);
    }

    public Topic AlarmTopic { get; }
    public Key AlarmTopicKey { get; }
    public Dashboard Dashboard { get; }
    public IReadOnlyList<Alarm> Alarms => _alarms;
}
