/** A version's model card as the API answers it (Markdown sections; null when left empty). */
export interface ModelCard {
  intendedUse: string | null;
  outOfScopeUses: string | null;
  businessUseCases: string | null;
  assumptions: string | null;
  limitations: string | null;
  ethicalConsiderations: string | null;
  evaluationSummary: string | null;
  owners: { name: string; email: string | null; team: string | null }[];
}
