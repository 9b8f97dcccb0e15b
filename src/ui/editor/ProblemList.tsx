// Validation problems beside what they name: each with its JSON path (data-path for tests).
import type { Problem } from '../../scenario/validate';
import { selectLang, useAppStore } from '../../store';
import { problemMessage } from '../format/problem-text';

export function ProblemList({ problems }: { problems: readonly Problem[] | undefined }) {
  const lang = useAppStore(selectLang);
  if (problems === undefined || problems.length === 0) return null;
  return (
    <ul className="editor-problems" role="alert">
      {problems.map((problem, i) => (
        <li key={i} className="editor-problem" data-testid="editor-problem" data-path={problem.path}>
          <code>{problem.path}</code> {problemMessage(problem, lang)}
        </li>
      ))}
    </ul>
  );
}
