/** The role of an agent: admin (settings, agents) or agent. */
import type { AgentRole } from '@parley/protocol/model';
import { useI18n } from '../../hooks/useI18n.ts';
import type { Problem } from '../../state/form-errors.ts';
import { controlProps, Field } from './Field.tsx';

const ROLES: readonly AgentRole[] = ['agent', 'admin'];

interface Props {
  id: string;
  value: AgentRole;
  onChange: (role: AgentRole) => void;
  problem: Problem | undefined;
}

export function RoleSelect({ id, value, onChange, problem }: Props) {
  const { t } = useI18n();
  return (
    <Field id={id} label={t('agents.role')} problem={problem}>
      <select
        {...controlProps(id, undefined, problem)}
        value={value}
        onChange={(e) => onChange(ROLES.find((r) => r === e.currentTarget.value) ?? value)}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}
